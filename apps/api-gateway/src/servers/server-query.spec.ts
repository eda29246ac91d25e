// The servers query: the filters spec 4.4.5.1 lists, 400 for bad values.

import type { ComputeFault } from '../http/faults';
import { parseServerQuery, parseStatusFilter } from './server-query';

const fault = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return { code: (error as ComputeFault).code, message: (error as ComputeFault).message };
  }
  return undefined;
};
const uuid = 'e5ac3d3c-cda3-4106-b60a-0a29b382fda2';

describe('server query', () => {
  it('has no filters by default and pages by 1000', () => {
    expect(parseServerQuery({})).toEqual({ page: { limit: 1000 } });
  });

  it('reads the spec example: status, image, flavor and name, and changes-since, limit and marker', () => {
    expect(parseServerQuery({ status: 'ACTIVE', image: '120', flavor: '100', name: 'server-name', 'changes-since': '2011-01-24T17:08Z', limit: '2', marker: '294393' })).toEqual({
      status: { vmState: 'ACTIVE' }, image: '120', flavor: '100', name: 'server-name', changesSince: new Date('2011-01-24T17:08:00Z'), page: { limit: 2, marker: '294393' },
    });
  });

  it('takes image and flavor as ids, UUIDs or URLs ending in them', () => {
    expect(parseServerQuery({ image: `https://az-1.example/1/images/${uuid}` }).image).toBe(uuid);
    expect(parseServerQuery({ flavor: 'https://az-1.example/1/flavors/101/' }).flavor).toBe('101');
    expect(parseServerQuery({ image: '', name: '' })).toEqual({ page: { limit: 1000 } });
  });

  it('reads a status in any case, with or without its task', () => {
    expect(parseStatusFilter('active')).toEqual({ vmState: 'ACTIVE' });
    expect(parseStatusFilter('BUILD(spawning)')).toEqual({ vmState: 'BUILD', taskState: 'spawning' });
    expect(parseStatusFilter('deleted')).toEqual({ vmState: 'DELETED' });
  });

  it('refuses an unknown status, a bad changes-since or a bad limit with a 400 naming it', () => {
    expect(fault(() => parseServerQuery({ status: 'RUNNING' }))).toEqual({ code: 400, message: 'Invalid server status: RUNNING' });
    expect(fault(() => parseServerQuery({ status: 'ACTIVE(dancing)' }))).toEqual({ code: 400, message: 'Invalid server status: ACTIVE(dancing)' });
    expect(fault(() => parseServerQuery({ 'changes-since': 'yesterday' }))).toEqual({ code: 400, message: expect.stringContaining('changes-since') });
    expect(fault(() => parseServerQuery({ limit: '-1' }))).toEqual({ code: 400, message: expect.stringContaining('limit') });
    expect(fault(() => parseServerQuery({ marker: ' ' }))).toEqual({ code: 400, message: expect.stringContaining('marker') });
  });
});
