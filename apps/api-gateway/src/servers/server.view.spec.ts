// Servers render as the spec's List Servers, List Servers Detail and Get Server Details
// examples, in JSON and XML: status with its task, progress, hostId, addresses, the fault of
// a server in ERROR.

import { createHash } from 'node:crypto';
import { renderXml } from '../http/xml/xml-element';
import type { ServerRecord } from './server-record';
import { hostIdOf, serverView, serversView } from './server.view';

const at = { publicUrl: 'https://az-3.region-a.geo-1.compute.hpcloudsvc.com', tenantId: '36991859863737' };
const base = `${at.publicUrl}/v1.1/${at.tenantId}`;
const bookmark = `${at.publicUrl}/${at.tenantId}`;
const HOST = 'compute-17';
const HOST_ID = createHash('sha224').update(`36991859863737${HOST}`).digest('hex');

/** The server of the spec's Get Server Details example. */
const server: ServerRecord = {
  uuid: '44823245-b322-4ad0-9cf3-c3c84fd4cbec',
  id: 294393,
  tenantId: '36991859863737',
  userId: '13311562627589',
  name: 'server-name-2',
  vmState: 'ACTIVE',
  taskState: null,
  powerState: 1,
  progress: 100,
  imageUuid: 'a3c0c8f4-0000-4000-8000-000000000120',
  imageId: '120',
  flavorId: '100',
  host: HOST,
  availabilityZone: 'az-3',
  fixedIp: '10.2.0.27',
  autoFloatingIp: '15.185.225.248',
  addedFloatingIps: [],
  securityGroups: ['default'],
  keyName: 'key.pub',
  configDrive: false,
  accessIPv4: '',
  accessIPv6: '',
  multiCreateId: 'r-3l1kpd9x',
  fault: null,
  metadata: { 'key-2': '', 'key-1': '' },
  created: new Date('2012-11-01T03:58:01Z'),
  updated: new Date('2012-11-01T03:58:18.412Z'),
  launched: new Date('2012-11-01T03:58:18.412Z'),
  deleted: null,
};

const links = (id: number) => [
  { href: `${base}/servers/${id}`, rel: 'self' },
  { href: `${bookmark}/servers/${id}`, rel: 'bookmark' },
];

const detailJson = {
  accessIPv4: '',
  accessIPv6: '',
  addresses: { private: [{ addr: '10.2.0.27', version: 4 }, { addr: '15.185.225.248', version: 4 }] },
  config_drive: '',
  created: '2012-11-01T03:58:01Z',
  flavor: { id: '100', links: [{ href: `${bookmark}/flavors/100`, rel: 'bookmark' }] },
  hostId: HOST_ID,
  id: 294393,
  image: { id: '120', links: [{ href: `${bookmark}/images/120`, rel: 'bookmark' }] },
  key_name: 'key.pub',
  links: links(294393),
  metadata: { 'key-1': '', 'key-2': '' },
  name: 'server-name-2',
  progress: 100,
  security_groups: [{ name: 'default' }],
  status: 'ACTIVE',
  tenant_id: '36991859863737',
  updated: '2012-11-01T03:58:18Z',
  user_id: '13311562627589',
  uuid: '44823245-b322-4ad0-9cf3-c3c84fd4cbec',
};

const detailXmlBody =
  `<atom:link href="${base}/servers/294393" rel="self"/><atom:link href="${bookmark}/servers/294393" rel="bookmark"/>` +
  `<image id="120"><atom:link href="${bookmark}/images/120" rel="bookmark"/></image>` +
  `<flavor id="100"><atom:link href="${bookmark}/flavors/100" rel="bookmark"/></flavor>` +
  '<metadata><meta key="key-1"/><meta key="key-2"/></metadata>' +
  '<addresses><network id="private"><ip addr="10.2.0.27" version="4"/><ip addr="15.185.225.248" version="4"/></network></addresses>' +
  '<security_groups><security_group name="default"/></security_groups>';

const detailXmlAttrs =
  `accessIPv4="" accessIPv6="" created="2012-11-01T03:58:01Z" hostId="${HOST_ID}" id="294393" name="server-name-2" progress="100" status="ACTIVE" ` +
  'tenantId="36991859863737" updated="2012-11-01T03:58:18Z" userId="13311562627589" uuid="44823245-b322-4ad0-9cf3-c3c84fd4cbec"';

const NS = 'xmlns="http://docs.openstack.org/compute/api/v1.1" xmlns:atom="http://www.w3.org/2005/Atom"';

describe('server view', () => {
  it('lists id, links, name and uuid, as the spec List Servers example (JSON)', () => {
    const other = { ...server, id: 233691, uuid: 'd1d5e151-2fed-4522-9e94-aae0ef3d5db0', name: 'server-name-1' };
    expect(serversView([server, other], at, false).json).toEqual({
      servers: [
        { id: 294393, links: links(294393), name: 'server-name-2', uuid: server.uuid },
        { id: 233691, links: links(233691), name: 'server-name-1', uuid: other.uuid },
      ],
    });
  });

  it('lists id, name and links in XML', () => {
    expect(renderXml(serversView([server], at, false).xml())).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<servers ${NS}><server id="294393" name="server-name-2">` +
        `<atom:link href="${base}/servers/294393" rel="self"/><atom:link href="${bookmark}/servers/294393" rel="bookmark"/></server></servers>`,
    );
  });

  it('gives one server as the spec Get Server Details example (JSON; security groups by name)', () => {
    expect(serverView(server, at).json).toEqual({ server: detailJson });
  });

  it('gives it in XML: the attributes, links, image, flavor, metadata, addresses, security groups', () => {
    expect(renderXml(serverView(server, at).xml())).toBe(`<?xml version="1.0" encoding="UTF-8"?>\n<server ${detailXmlAttrs} ${NS}>${detailXmlBody}</server>`);
  });

  it('details a list in JSON and XML, the namespace on the root only', () => {
    expect(serversView([server], at, true).json).toEqual({ servers: [detailJson] });
    expect(renderXml(serversView([server], at, true).xml())).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<servers ${NS}><server ${detailXmlAttrs}>${detailXmlBody}</server></servers>`,
    );
  });

  it('shows a building server as BUILD(task) with its progress, no host id and no addresses yet', () => {
    const building: ServerRecord = { ...server, vmState: 'BUILD', taskState: 'spawning', progress: 40, host: null, fixedIp: null, autoFloatingIp: null, metadata: {} };
    const json = serverView(building, at).json as { server: Record<string, unknown> };
    expect(json.server).toMatchObject({ status: 'BUILD(spawning)', progress: 40, hostId: '', addresses: {}, metadata: {} });
    const xml = renderXml(serverView(building, at).xml());
    expect(xml).toContain('hostId="" id="294393" name="server-name-2" progress="40" status="BUILD(spawning)"');
    expect(xml).toContain('<metadata/><addresses/>');
  });

  it('lists the fixed IP, then the auto-assigned floating IP, then the added ones', () => {
    const more = { ...server, addedFloatingIps: ['15.185.225.9', '15.185.225.7'] };
    expect((serverView(more, at).json as { server: { addresses: unknown } }).server.addresses).toEqual({
      private: ['10.2.0.27', '15.185.225.248', '15.185.225.9', '15.185.225.7'].map((addr) => ({ addr, version: 4 })),
    });
  });

  it('shows the fault of a server in ERROR, without progress, in JSON and XML', () => {
    const fault = { code: 500, message: 'No valid host was found. ', details: 'RamFilter: 3 -> 0', created: '2012-11-01T03:58:03.120Z' };
    const failed: ServerRecord = { ...server, vmState: 'ERROR', taskState: null, fault, host: null };
    const json = (serverView(failed, at).json as { server: Record<string, unknown> }).server;
    expect(json.fault).toEqual({ code: 500, created: '2012-11-01T03:58:03Z', message: 'No valid host was found. ', details: 'RamFilter: 3 -> 0' });
    expect(json).not.toHaveProperty('progress');
    expect(json.status).toBe('ERROR');
    const xml = renderXml(serverView(failed, at).xml());
    expect(xml).toContain(
      `<flavor id="100"><atom:link href="${bookmark}/flavors/100" rel="bookmark"/></flavor>` +
        '<fault code="500" created="2012-11-01T03:58:03Z"><message>No valid host was found. </message><details>RamFilter: 3 -&gt; 0</details></fault><metadata>',
    );
    expect(xml).not.toContain('progress=');
  });

  it('hides an old fault once the server left ERROR', () => {
    const fault = { code: 500, message: 'reboot failed', details: '', created: '2012-11-01T03:58:03Z' };
    const recovered = { ...server, fault };
    expect(serverView(recovered, at).json).toEqual({ server: detailJson });
    expect(renderXml(serverView(recovered, at).xml())).not.toContain('<fault');
  });

  it('writes config_drive "True", key_name "" without a key, and the task of an action', () => {
    const rebooting: ServerRecord = { ...server, configDrive: true, keyName: null, taskState: 'rebooting_hard' };
    expect((serverView(rebooting, at).json as { server: Record<string, unknown> }).server).toMatchObject({
      config_drive: 'True', key_name: '', status: 'ACTIVE(rebooting_hard)', progress: 100,
    });
  });

  it("computes Nova's hostId: sha224 hex of tenant id and host, empty without a host", () => {
    expect(hostIdOf('36991859863737', HOST)).toMatch(/^[0-9a-f]{56}$/);
    expect(hostIdOf('36991859863737', HOST)).not.toBe(hostIdOf('11692683195772', HOST));
    expect(hostIdOf('36991859863737', null)).toBe('');
  });
});
