// What only the command side answers: the server with its one-time adminPass (placed as the
// spec's create and rebuild examples place it), console output that XML can carry, and the
// reservation ids and passwords the create flow makes up.

import { renderXml } from '../http/xml/xml-element';
import { ADMIN_PASS_LENGTH, generateAdminPass, serverWithAdminPassView } from './server-admin-pass';
import { consoleOutputView, xmlSafeText } from './server-console-output.view';
import { newMultiCreateId } from './server-create.service';
import type { ServerRecord } from './server-record';

const server: ServerRecord = {
  uuid: '44823245-b322-4ad0-9cf3-c3c84fd4cbec', id: 294393, tenantId: '36991859863737', userId: '13311562627589', name: 'server-name-2',
  vmState: 'BUILD', taskState: 'scheduling', powerState: 0, progress: 0, imageUuid: 'b1f5c2a4-0000-4000-8000-000000000120', imageId: '120', flavorId: '100',
  host: null, availabilityZone: null, fixedIp: null, autoFloatingIp: null, addedFloatingIps: [], securityGroups: ['default'], keyName: 'key.pub',
  configDrive: true, accessIPv4: '', accessIPv6: '', multiCreateId: 'r-abcdefgh', fault: null, metadata: { 'key-1': 'value-1' },
  created: new Date('2012-11-01T03:58:01Z'), updated: new Date('2012-11-01T03:58:01Z'), launched: null, deleted: null,
};
const at = { publicUrl: 'https://az-3.region-a.geo-1.compute.hpcloudsvc.com', tenantId: '36991859863737' };

describe('the server with its adminPass', () => {
  it('shows it in JSON between addresses and config_drive, keys sorted as the rebuild example', () => {
    const json = serverWithAdminPassView(server, at, 'JAQ7ZQHYeoZQcc6V').json as { server: Record<string, unknown> };
    expect(Object.keys(json.server).slice(0, 5)).toEqual(['accessIPv4', 'accessIPv6', 'addresses', 'adminPass', 'config_drive']);
    expect(json.server).toMatchObject({ adminPass: 'JAQ7ZQHYeoZQcc6V', id: 294393, status: 'BUILD(scheduling)', uuid: server.uuid });
  });

  it('shows it in XML right after accessIPv6, as the create example', () => {
    const xml = renderXml(serverWithAdminPassView(server, at, '2eb56Qh2uVAuC7ub').xml());
    expect(xml).toContain('<server accessIPv4="" accessIPv6="" adminPass="2eb56Qh2uVAuC7ub" created="2012-11-01T03:58:01Z" hostId="" id="294393" name="server-name-2"');
    expect(xml).toContain('status="BUILD(scheduling)"');
  });

  it('makes passwords of 16 unambiguous characters, never the same twice', () => {
    const passwords = new Set(Array.from({ length: 100 }, () => generateAdminPass()));
    expect(passwords.size).toBe(100);
    for (const p of passwords) expect(p).toMatch(new RegExp(`^[a-km-zA-HJ-NP-Z2-9]{${ADMIN_PASS_LENGTH}}$`));
  });

  it("makes Nova's reservation ids, r- and 8 characters", () => {
    expect(newMultiCreateId()).toMatch(/^r-[a-z0-9]{8}$/);
  });
});

describe('console output', () => {
  const output = '+-----------------+\r\r\n * Starting system logging daemon\u001b[74G[ OK ]\r\r\n';

  it('keeps every character in JSON and drops what XML 1.0 cannot carry', () => {
    expect(consoleOutputView(output).json).toEqual({ output });
    expect(xmlSafeText(output)).toBe('+-----------------+\r\r\n * Starting system logging daemon[74G[ OK ]\r\r\n');
    expect(xmlSafeText('a\u0000b\uD800c😀')).toBe('abc😀');
    expect(renderXml(consoleOutputView('ok\u001b').xml(), { atom: false })).toContain('>ok</output>');
  });
});
