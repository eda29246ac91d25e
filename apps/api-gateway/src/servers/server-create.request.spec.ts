// POST /servers bodies: the spec's JSON and XML examples read the same, defaults fill what is
// left out, and min_count/max_count follow spec 4.4.5.2.

import { ComputeFault } from '../http/faults';
import { parseXmlBody } from '../http/xml/xml-body';
import { MAX_SERVERS_PER_REQUEST, parseCreateServerRequest } from './server-create.request';
import { parseUpdateServerRequest } from './server-update.request';

const code = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    if (error instanceof ComputeFault) return error.code;
    throw error;
  }
  return undefined;
};

const minimal = { name: 'web', imageRef: '120', flavorRef: '100' };

describe('parseCreateServerRequest', () => {
  it("reads the spec's JSON example", () => {
    const body = {
      config_drive: true, flavorRef: '100', imageRef: '120', key_name: 'key.pub', max_count: 1, metadata: { 'key-1': 'value-1', 'key-2': 'value-2' },
      min_count: 1, name: 'server-name-1', security_groups: [{ name: 'security-group' }],
    };
    expect(parseCreateServerRequest(body)).toEqual({
      name: 'server-name-1', imageRef: '120', flavorRef: '100', metadata: { 'key-1': 'value-1', 'key-2': 'value-2' }, personality: [], userData: null,
      keyName: 'key.pub', securityGroups: ['security-group'], configDrive: true, accessIPv4: '', accessIPv6: '', availabilityZone: null, minCount: 1, maxCount: 1,
    });
  });

  it("reads the spec's XML example the same way (meta values come from the element text, as Nova read them)", () => {
    const xml = `<?xml version="1.0" ?>
      <server config_drive="True" flavorRef="100" imageRef="120" key_name="key.pub" max_count="1" min_count="1" name="server-name-2" xmlns="http://docs.openstack.org/compute/api/v1.1">
        <security_groups><security_group name="security-group"/></security_groups>
        <metadata><meta key="key-2" value="value-2"/><meta key="key-1" value="value-1"/></metadata>
      </server>`;
    const { server } = parseXmlBody(xml) as { server: Record<string, unknown> };
    expect(parseCreateServerRequest(server)).toMatchObject({
      name: 'server-name-2', imageRef: '120', flavorRef: '100', keyName: 'key.pub', securityGroups: ['security-group'], configDrive: true,
      metadata: { 'key-1': '', 'key-2': '' }, minCount: 1, maxCount: 1,
    });
  });

  it('reads personality and user_data from XML child elements', () => {
    const { server } = parseXmlBody('<server name="s" imageRef="120" flavorRef="100"><personality><file path="/etc/motd">aGk=</file></personality><user_data>aGk=</user_data></server>') as {
      server: Record<string, unknown>;
    };
    expect(parseCreateServerRequest(server)).toMatchObject({ personality: [{ path: '/etc/motd', contents: 'aGk=' }], userData: 'aGk=' });
  });

  it('fills the defaults: one server, the default security group, no config drive', () => {
    expect(parseCreateServerRequest(minimal)).toMatchObject({ minCount: 1, maxCount: 1, securityGroups: ['default'], configDrive: false, metadata: {}, personality: [] });
    expect(parseCreateServerRequest({ ...minimal, min_count: 3 })).toMatchObject({ minCount: 3, maxCount: 3 });
    expect(parseCreateServerRequest({ ...minimal, max_count: '4' })).toMatchObject({ minCount: 1, maxCount: 4 });
  });

  it('takes an imageRef as the config drive (spec "Configuration Drive")', () => {
    expect(parseCreateServerRequest({ ...minimal, config_drive: '120' }).configDrive).toEqual({ imageRef: '120' });
    expect(parseCreateServerRequest({ ...minimal, config_drive: 'false' }).configDrive).toBe(false);
  });

  it('refuses min_count above max_count, and more servers than one request may make', () => {
    expect(code(() => parseCreateServerRequest({ ...minimal, min_count: 3, max_count: 2 }))).toBe(400);
    expect(code(() => parseCreateServerRequest({ ...minimal, min_count: MAX_SERVERS_PER_REQUEST + 1 }))).toBe(413);
    expect(parseCreateServerRequest({ ...minimal, max_count: 5000 }).maxCount).toBe(MAX_SERVERS_PER_REQUEST);
  });

  it('is 400 for each missing or malformed field', () => {
    for (const bad of [
      { imageRef: '120', flavorRef: '100' },
      { ...minimal, name: '2012' },
      { ...minimal, imageRef: undefined },
      { ...minimal, flavorRef: [] },
      { ...minimal, metadata: 'x' },
      { ...minimal, personality: { path: '/a', contents: 'QQ==' } },
      { ...minimal, user_data: '%%%' },
      { ...minimal, security_groups: 'default' },
      { ...minimal, key_name: 7 },
      { ...minimal, accessIPv4: 'not-an-ip' },
      { ...minimal, config_drive: { a: 1 } },
      { ...minimal, min_count: 0 },
    ]) {
      expect(code(() => parseCreateServerRequest(bad as Record<string, unknown>))).toBe(400);
    }
  });
});

describe('parseUpdateServerRequest', () => {
  it('reads a new name (JSON or XML) and access IPs; what is left out stays', () => {
    expect(parseUpdateServerRequest({ name: 'new-server-name-1' })).toEqual({ name: 'new-server-name-1' });
    const { server } = parseXmlBody('<server xmlns="http://docs.openstack.org/compute/api/v1.1"><name>new-server-name-2</name></server>') as { server: Record<string, unknown> };
    expect(parseUpdateServerRequest(server)).toEqual({ name: 'new-server-name-2' });
    expect(parseUpdateServerRequest({ accessIPv4: '10.0.0.9' })).toEqual({ accessIPv4: '10.0.0.9' });
    expect(parseUpdateServerRequest({})).toEqual({});
  });

  it('refuses a name without a letter', () => {
    expect(code(() => parseUpdateServerRequest({ name: '42' }))).toBe(400);
  });
});
