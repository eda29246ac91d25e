// The images query: filters and paging as spec 4.4.10 lists them, 400 for bad values.

import type { ComputeFault } from '../http/faults';
import { parseImageQuery } from './image-query';

const fault = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return { code: (error as ComputeFault).code, message: (error as ComputeFault).message };
  }
  return undefined;
};
const uuid = 'e5ac3d3c-cda3-4106-b60a-0a29b382fda2';

describe('image query', () => {
  it('has no filters by default and pages by 1000', () => {
    expect(parseImageQuery({})).toEqual({ name: undefined, status: undefined, snapshotsOnly: false, serverId: undefined, changesSince: undefined, page: { limit: 1000 } });
  });

  it('reads name, status (any case), type=SNAPSHOT, changes-since, limit and marker', () => {
    const q = parseImageQuery({ name: 'image-1', status: 'saving', type: 'SNAPSHOT', 'changes-since': '2011-01-24T17:08Z', limit: '10', marker: '120' });
    expect(q).toEqual({ name: 'image-1', status: 'SAVING', snapshotsOnly: true, serverId: undefined, changesSince: new Date('2011-01-24T17:08:00Z'), page: { limit: 10, marker: '120' } });
  });

  it('takes a server UUID or a server URL ending in it', () => {
    expect(parseImageQuery({ server: uuid }).serverId).toBe(uuid);
    expect(parseImageQuery({ server: `https://az-1.example/v1.1/1/servers/${uuid.toUpperCase()}` }).serverId).toBe(uuid);
    expect(parseImageQuery({ server: `https://az-1.example/1/servers/${uuid}/` }).serverId).toBe(uuid);
  });

  it('refuses a bad status, type, server, changes-since or limit with a 400 naming it', () => {
    expect(fault(() => parseImageQuery({ status: 'BUILD' }))).toEqual({ code: 400, message: expect.stringContaining('status') });
    expect(fault(() => parseImageQuery({ type: 'BASE' }))).toEqual({ code: 400, message: expect.stringContaining('type') });
    expect(fault(() => parseImageQuery({ server: 'http://x/servers/42' }))).toEqual({ code: 400, message: expect.stringContaining('server') });
    expect(fault(() => parseImageQuery({ 'changes-since': 'last week' }))).toEqual({ code: 400, message: expect.stringContaining('changes-since') });
    expect(fault(() => parseImageQuery({ limit: '1e3' }))).toEqual({ code: 400, message: expect.stringContaining('limit') });
  });
});
