// The command side of servers over real HTTP, with the quota and network apps beside the
// gateway (no scheduler, no compute agent: servers stay BUILD(scheduling), which is what most
// refusals need). Create from the spec's JSON and XML examples, every validation fault and
// that a refusal writes nothing, read-your-writes, multi-create, as many as fit the quota,
// rename, metadata, delete of a server no host holds, refused actions, and tenant isolation.
// For the actions of a running server, the test writes the scheduler's and compute agent's
// facts itself through the real decider (a fixed IP from the real network app); the full
// build by those apps is in server-lifecycle.e2e-spec.ts.

import { Pool } from 'pg';
import { NetworkClient, StreamCategory, streamName } from '@app/contracts';
import { PowerState, type ServerCommand, type ServerEvent, type ServerState, serverDecider } from '@app/domain/server';
import { DeciderRunner, PgPoolDb, PostgresEventStore } from '@app/event-store';
import { createNetworkClient } from '@app/platform';
import { waitFor } from '../harness/wait-for';
import { DEFAULT_TENANTS, startGateway, type ApiResponse, type Gateway } from './support/gateway';

const { demo, alt, admin } = DEFAULT_TENANTS;
const COMPUTE_NS = 'http://docs.openstack.org/compute/api/v1.1';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** A server body with the spec's image and flavor; `extra` adds or overrides fields. */
const serverBody = (name: string, extra: Record<string, unknown> = {}) => ({ server: { name, imageRef: '120', flavorRef: '100', ...extra } });
const base64Of = (bytes: number) => Buffer.alloc(bytes, 'a').toString('base64');

describe('servers: create, update, delete, actions and metadata', () => {
  let gw: Gateway;
  let pool: Pool;
  let store: PostgresEventStore;
  /** Writes what the scheduler and the compute agent would, through the real decider. */
  let host: DeciderRunner<ServerCommand, ServerEvent, ServerState>;
  let network: NetworkClient & { onApplicationShutdown(): Promise<void> };
  const tokens: Record<'demo' | 'alt' | 'admin', string> = { demo: '', alt: '', admin: '' };
  const tenantOf = { demo, alt, admin };
  type User = keyof typeof tokens;

  const call = (user: User, method: string, path: string, options: { body?: unknown; accept?: string } = {}) =>
    gw.call(method, `/v1.1/${tenantOf[user]}${path}`, { token: tokens[user], ...options });
  const create = async (user: User, name: string, extra: Record<string, unknown> = {}) => {
    const r = await call(user, 'POST', '/servers', { body: serverBody(name, extra) });
    expect(r.status).toBe(202);
    return r.json().server as { id: number; uuid: string; name: string; adminPass: string; status: string };
  };
  const action = (user: User, id: number | string, body: unknown, accept?: string) => call(user, 'POST', `/servers/${id}/action`, { body, accept });
  const faultOf = (r: ApiResponse) => Object.entries(r.json())[0] as [string, { code: number; message: string }];
  const eventsOf = async (uuid: string) => store.readStream(streamName(StreamCategory.Server, uuid));
  const used = async (user: User) => (await call(user, 'GET', '/limits')).json().limits.absolute;

  beforeAll(async () => {
    gw = await startGateway({}, { apps: ['quota', 'network'] });
    for (const user of Object.keys(tokens) as User[]) tokens[user] = await gw.token(user);
    pool = new Pool({ connectionString: gw.database.url, max: 2 });
    store = new PostgresEventStore(new PgPoolDb(pool), { schema: 'event_store' });
    host = new DeciderRunner(serverDecider, store, new PgPoolDb(pool), 'compute-agent');
    network = createNetworkClient({ natsServers: [NATS_URL], natsNamespace: gw.namespace, name: 'servers-commands-e2e' });
    expect((await call('demo', 'POST', '/os-keypairs', { body: { keypair: { name: 'key.pub' } } })).status).toBe(200);
    // Room for every server the demo tenant makes here (alt keeps the defaults).
    const room = await gw.call('PUT', `/v1.1/${admin}/os-quota-sets/${demo}`, { token: tokens.admin, body: { quota_set: { instances: 100, cores: 200, ram: 409600 } } });
    expect(room.status).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await network?.onApplicationShutdown();
    await pool?.end();
    await gw?.stop();
  }, 60_000);

  describe('create', () => {
    it("answers the spec's JSON example with 202, Location and the server with its adminPass, BUILD(scheduling)", async () => {
      const r = await call('demo', 'POST', '/servers', {
        body: {
          server: {
            config_drive: true, flavorRef: '100', imageRef: '120', key_name: 'key.pub', max_count: 1, metadata: { 'key-1': 'value-1', 'key-2': 'value-2' },
            min_count: 1, name: 'server-name-1', security_groups: [{ name: 'default' }],
          },
        },
      });
      expect(r.status).toBe(202);
      const server = r.json().server;
      expect(r.headers.get('location')).toBe(`${gw.url}/v1.1/${demo}/servers/${server.id}`);
      expect(server).toMatchObject({
        accessIPv4: '', accessIPv6: '', addresses: {}, config_drive: 'True', hostId: '', key_name: 'key.pub', metadata: { 'key-1': 'value-1', 'key-2': 'value-2' },
        name: 'server-name-1', security_groups: [{ name: 'default' }], status: 'BUILD(scheduling)', tenant_id: demo,
        flavor: { id: '100' }, image: { id: '120' },
        links: [
          { rel: 'self', href: `${gw.url}/v1.1/${demo}/servers/${server.id}` },
          { rel: 'bookmark', href: `${gw.url}/${demo}/servers/${server.id}` },
        ],
      });
      expect(server.adminPass).toMatch(/^[A-Za-z0-9]{16}$/);
      expect(Number.isInteger(server.id)).toBe(true);
      expect(server.uuid).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('shows the new server to a GET right after the POST (read-your-writes), without its adminPass', async () => {
      const created = await create('demo', 'read-your-writes');
      for (const ref of [created.id, created.uuid]) {
        const r = await call('demo', 'GET', `/servers/${ref}`);
        expect(r.status).toBe(200);
        expect(r.json().server).toMatchObject({ id: created.id, uuid: created.uuid, name: 'read-your-writes', status: 'BUILD(scheduling)' });
        expect(r.json().server.adminPass).toBeUndefined();
      }
    });

    it("answers the spec's XML example with the spec's own fault: its security group does not exist", async () => {
      const xml = (group: string) => `<?xml version="1.0" ?>
        <server config_drive="True" flavorRef="100" imageRef="120" key_name="key.pub" max_count="1" min_count="1" name="server-name-2" xmlns="${COMPUTE_NS}">
          <security_groups><security_group name="${group}"/></security_groups>
          <metadata><meta key="key-2" value="value-2"/><meta key="key-1" value="value-1"/></metadata>
        </server>`;
      const refused = await call('demo', 'POST', '/servers', { body: xml('security-group') });
      expect(refused.status).toBe(400);
      expect(refused.json()).toEqual({ badRequest: { code: 400, message: `Security group security-group not found for project ${demo}.` } });

      const r = await call('demo', 'POST', '/servers', { body: xml('default'), accept: 'application/xml' });
      expect(r.status).toBe(202);
      expect(r.headers.get('content-type')).toMatch(/^application\/xml/);
      const { server } = r.xml();
      expect(server).toMatchObject({
        xmlns: COMPUTE_NS, accessIPv4: '', accessIPv6: '', hostId: '', name: 'server-name-2', status: 'BUILD(scheduling)', tenantId: demo,
        image: { id: '120' }, flavor: { id: '100' }, security_groups: { security_group: { name: 'default' } },
      });
      expect(server.adminPass).toMatch(/^[A-Za-z0-9]{16}$/);
      // As the spec's example answer shows: XML meta values are the element's text, which the example leaves empty.
      expect(server.metadata.meta).toEqual([{ key: 'key-1' }, { key: 'key-2' }]);
      expect(r.headers.get('location')).toBe(`${gw.url}/v1.1/${demo}/servers/${server.id}`);
    });

    it('takes refs as numbers and links, personality, user_data and access IPs', async () => {
      const r = await call('demo', 'POST', '/servers', {
        body: serverBody('refs', {
          imageRef: 120, flavorRef: `${gw.url}/${demo}/flavors/101`, personality: [{ path: '/etc/banner.txt', contents: 'aGVsbG8=' }], user_data: 'IyEvYmluL3No',
          accessIPv4: '15.185.0.1', accessIPv6: 'fe80::1',
        }),
      });
      expect(r.status).toBe(202);
      expect(r.json().server).toMatchObject({ flavor: { id: '101' }, image: { id: '120' }, accessIPv4: '15.185.0.1', accessIPv6: 'fe80::1' });
      const [requested] = await eventsOf(r.json().server.uuid);
      expect(requested.type).toBe('ServerCreateRequested');
      expect(requested.data).toMatchObject({
        flavorId: '101', vcpus: 2, ramMb: 2048, diskGb: 60, personality: [{ path: '/etc/banner.txt', contents: 'aGVsbG8=' }], userData: 'IyEvYmluL3No',
        securityGroups: ['default'], keyName: null, publicKey: null,
      });
      expect(requested.metadata).toMatchObject({ correlationId: r.headers.get('x-compute-request-id'), tenantId: demo, producer: 'api-gateway' });
    });

    it('takes security groups the tenant has in the network app, as [{name}] or plain names', async () => {
      await network.createSecurityGroup({ tenantId: demo, name: 'web', description: 'web servers', correlationId: 'req-servers-e2e-web' });
      const r = await call('demo', 'POST', '/servers', { body: serverBody('grouped', { security_groups: [{ name: 'web' }, 'default'] }) });
      expect(r.status).toBe(202);
      expect(r.json().server.security_groups).toEqual([{ name: 'web' }, { name: 'default' }]);
      const other = await call('alt', 'POST', '/servers', { body: serverBody('not-yours', { security_groups: [{ name: 'web' }] }) });
      expect(other.json()).toEqual({ badRequest: { code: 400, message: `Security group web not found for project ${alt}.` } });
    });

    it("puts the keypair's public key in the event", async () => {
      const { uuid } = await create('demo', 'with-key', { key_name: 'key.pub' });
      const key = (await call('demo', 'GET', '/os-keypairs/key.pub')).json().keypair.public_key;
      expect((await eventsOf(uuid))[0].data).toMatchObject({ keyName: 'key.pub', publicKey: key });
    });

    it('refuses every malformed request with a fault naming the field, and writes nothing', async () => {
      const cases: [unknown, number, string][] = [
        [{}, 400, "'server'"],
        [{ server: { imageRef: '120', flavorRef: '100' } }, 400, "'server.name': Server name is not defined"],
        [serverBody('12345'), 400, 'alphabetic character'],
        [serverBody('x', { imageRef: '999' }), 400, 'Invalid imageRef provided'],
        [serverBody('x', { imageRef: undefined }), 400, "'server.imageRef'"],
        [serverBody('x', { flavorRef: '999' }), 400, 'Invalid flavorRef provided'],
        [serverBody('x', { key_name: 'nokey' }), 400, 'Invalid key_name provided'],
        [serverBody('x', { security_groups: [{ name: 'nope' }] }), 400, `Security group nope not found for project ${alt}.`],
        [serverBody('x', { metadata: ['a'] }), 400, "'server.metadata'"],
        [serverBody('x', { metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }), 413, 'Maximum number of metadata items exceeds 50'],
        [serverBody('x', { metadata: { ['k'.repeat(256)]: 'v' } }), 413, 'Metadata property key greater than 255 bytes'],
        [serverBody('x', { personality: Array.from({ length: 6 }, (_, i) => ({ path: `/f${i}`, contents: 'YQ==' })) }), 413, 'Personality file limit exceeded'],
        [serverBody('x', { personality: [{ path: '/big', contents: base64Of(10_241) }] }), 413, 'Personality file content too long'],
        [serverBody('x', { personality: [{ path: `/${'p'.repeat(255)}`, contents: 'YQ==' }] }), 413, 'Personality file path too long'],
        [serverBody('x', { personality: [{ path: '/f', contents: 'not base64!' }] }), 400, 'Personality content for /f cannot be decoded'],
        [serverBody('x', { user_data: '#!/bin/sh' }), 400, 'Userdata content cannot be decoded'],
        [serverBody('x', { accessIPv4: '300.1.1.1' }), 400, 'accessIPv4 is not proper IPv4 format'],
        [serverBody('x', { min_count: 3, max_count: 2 }), 400, 'min_count must be <= max_count'],
        [serverBody('x', { min_count: 21 }), 413, 'Quota exceeded for'],
      ];
      for (const [body, code, message] of cases) {
        const r = await call('alt', 'POST', '/servers', { body });
        expect({ body, status: r.status }).toEqual({ body, status: code });
        const [element, fault] = faultOf(r);
        expect(element).toBe(code === 400 ? 'badRequest' : 'overLimit');
        expect(fault.message).toContain(message);
      }
      expect((await call('alt', 'GET', '/servers?changes-since=2000-01-01T00:00Z')).json().servers).toEqual([]);
      expect(await used('alt')).toMatchObject({ totalInstancesUsed: 0, totalCoresUsed: 0, totalRAMUsed: 0 });
    });

    it('answers a fault in XML to an XML client', async () => {
      const r = await call('alt', 'POST', '/servers', { body: '<server imageRef="120" flavorRef="100" name="2012"/>', accept: 'application/xml' });
      expect(r.status).toBe(400);
      expect(r.xml().badRequest).toMatchObject({ code: '400', message: expect.stringContaining('alphabetic character') });
    });

    it('makes max_count servers of one name, sharing one reservation id and one quota reservation', async () => {
      const r = await call('demo', 'POST', '/servers', { body: serverBody('batch', { min_count: 2, max_count: 3 }) });
      expect(r.status).toBe(202);
      const first = r.json().server;
      const listed = (await call('demo', 'GET', '/servers?name=batch')).json().servers;
      expect(listed).toHaveLength(3);
      expect(listed.map((s: { name: string }) => s.name)).toEqual(['batch', 'batch', 'batch']);
      expect(listed.map((s: { id: number }) => s.id)).toContain(first.id);
      const created = await Promise.all(listed.map(async (s: { uuid: string }) => (await eventsOf(s.uuid))[0].data));
      expect(new Set(created.map((d) => d.multiCreateId)).size).toBe(1);
      expect(created[0].multiCreateId).toMatch(/^r-[a-z0-9]{8}$/);
      expect(new Set(created.map((d) => d.reservationId)).size).toBe(1);
      for (const s of listed) expect((await call('demo', 'GET', `/servers/${s.id}`)).json().server.status).toBe('BUILD(scheduling)');
    });
  });

  describe('update', () => {
    it('renames a server (JSON and XML) and answers 200 with it', async () => {
      const { id } = await create('demo', 'before');
      const r = await call('demo', 'PUT', `/servers/${id}`, { body: { server: { name: 'new-server-name-1' } } });
      expect(r.status).toBe(200);
      expect(r.json().server).toMatchObject({ id, name: 'new-server-name-1', status: 'BUILD(scheduling)' });
      const x = await call('demo', 'PUT', `/servers/${id}`, { body: `<server xmlns="${COMPUTE_NS}"><name>new-server-name-2</name></server>`, accept: 'application/xml' });
      expect(x.status).toBe(200);
      expect(x.xml().server).toMatchObject({ id: String(id), name: 'new-server-name-2' });
      expect((await call('demo', 'GET', `/servers/${id}`)).json().server.name).toBe('new-server-name-2');
    });

    it('refuses a name without a letter, and an unknown server', async () => {
      const { id } = await create('demo', 'keep-name');
      expect((await call('demo', 'PUT', `/servers/${id}`, { body: { server: { name: '42' } } })).status).toBe(400);
      expect((await call('demo', 'PUT', '/servers/999999999', { body: { server: { name: 'x' } } })).status).toBe(404);
      expect((await call('demo', 'GET', `/servers/${id}`)).json().server.name).toBe('keep-name');
    });
  });

  describe('metadata (spec 4.4.8, 4.4.9)', () => {
    it('lists, merges, replaces, sets, gets and deletes items, in JSON and XML', async () => {
      const { id } = await create('demo', 'meta', { metadata: { a: '1' } });
      const path = `/servers/${id}/metadata`;
      expect((await call('demo', 'GET', path)).json()).toEqual({ metadata: { a: '1' } });

      const merged = await call('demo', 'POST', path, { body: { metadata: { b: '2' } } });
      expect(merged.status).toBe(200);
      expect(merged.json()).toEqual({ metadata: { a: '1', b: '2' } });

      const replaced = await call('demo', 'PUT', path, { body: `<metadata xmlns="${COMPUTE_NS}"><meta key="key-1">value-1</meta><meta key="key-2">value-2</meta></metadata>`, accept: 'application/xml' });
      expect(replaced.status).toBe(200);
      expect(replaced.xml().metadata.meta).toEqual([{ key: 'key-1', '#text': 'value-1' }, { key: 'key-2', '#text': 'value-2' }]);

      const set = await call('demo', 'PUT', `${path}/key-3`, { body: { meta: { 'key-3': 'value-3' } } });
      expect(set.status).toBe(200);
      expect(set.json()).toEqual({ meta: { 'key-3': 'value-3' } });
      expect((await call('demo', 'GET', `${path}/key-3`)).json()).toEqual({ meta: { 'key-3': 'value-3' } });
      expect((await call('demo', 'PUT', `${path}/key-3`, { body: { meta: { other: 'v' } } })).json().badRequest.message).toBe('Request body and URI mismatch');

      expect((await call('demo', 'DELETE', `${path}/key-1`)).status).toBe(204);
      expect((await call('demo', 'DELETE', `${path}/key-1`)).status).toBe(404);
      expect((await call('demo', 'GET', `${path}/key-1`)).status).toBe(404);
      expect((await call('demo', 'GET', `/servers/${id}`)).json().server.metadata).toEqual({ 'key-2': 'value-2', 'key-3': 'value-3' });
    });

    it('is 413 past maxServerMeta (50) after a merge, and changes nothing', async () => {
      const items = (n: number, prefix: string) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, 'v']));
      const { id } = await create('demo', 'meta-full', { metadata: items(49, 'a') });
      const path = `/servers/${id}/metadata`;
      expect((await call('demo', 'POST', path, { body: { metadata: items(2, 'b') } })).status).toBe(413);
      expect((await call('demo', 'PUT', `${path}/b0`, { body: { meta: { b0: 'v' } } })).status).toBe(200);
      expect((await call('demo', 'PUT', `${path}/b1`, { body: { meta: { b1: 'v' } } })).json().overLimit.message).toBe('Maximum number of metadata items exceeds 50');
      expect((await call('demo', 'PUT', `${path}/a0`, { body: { meta: { a0: 'changed' } } })).status).toBe(200);
      expect(Object.keys((await call('demo', 'GET', path)).json().metadata)).toHaveLength(50);
    });
  });

  describe('delete', () => {
    it('deletes a server no host holds at once: 204, then 404, and DELETED in changes-since', async () => {
      const since = new Date(Date.now() - 60_000).toISOString();
      const { id, uuid } = await create('demo', 'short-lived');
      const before = (await used('demo')).totalInstancesUsed;
      const r = await call('demo', 'DELETE', `/servers/${id}`);
      expect(r.status).toBe(204);
      expect(r.text).toBe('');
      expect((await call('demo', 'GET', `/servers/${id}`)).status).toBe(404);
      expect((await call('demo', 'DELETE', `/servers/${id}`)).status).toBe(404);
      const changed = (await call('demo', 'GET', `/servers/detail?changes-since=${encodeURIComponent(since)}`)).json().servers;
      expect(changed.find((s: { id: number }) => s.id === id)).toMatchObject({ status: 'DELETED' });
      expect((await eventsOf(uuid)).map((e) => e.type)).toEqual(['ServerCreateRequested', 'ServerDeleteRequested', 'ServerDeleted']);
      // The quota app counts the ServerDeleted: the instance is given back.
      for (let i = 0; i < 50 && (await used('demo')).totalInstancesUsed >= before; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await used('demo')).totalInstancesUsed).toBe(before - 1);
    });
  });

  describe('actions (spec 4.4.7)', () => {
    let server: { id: number; uuid: string };
    beforeAll(async () => {
      server = await create('demo', 'acted-on');
    });

    it('refuses what BUILD(scheduling) does not allow with 409 conflictingRequest naming the action and the state, and writes nothing', async () => {
      const refusals: [unknown, string][] = [
        [{ reboot: { type: 'SOFT' } }, "Cannot 'reboot' while instance is in vm_state BUILD task_state scheduling"],
        [{ reboot: { type: 'HARD' } }, "Cannot 'reboot' while instance is in vm_state BUILD task_state scheduling"],
        [{ rebuild: { imageRef: '120', name: 'rebuilt' } }, "Cannot 'rebuild' while instance is in vm_state BUILD task_state scheduling"],
        [{ createImage: { name: 'image-1' } }, "Cannot 'createImage' while instance is in vm_state BUILD task_state scheduling"],
        [{ 'os-getConsoleOutput': { length: 50 } }, `Instance ${server.id} is not ready`],
      ];
      for (const [body, message] of refusals) {
        const r = await action('demo', server.id, body);
        expect({ body, status: r.status }).toEqual({ body, status: 409 });
        expect(r.json()).toEqual({ conflictingRequest: { code: 409, message: expect.stringContaining(message) } });
      }
      const xml = await action('demo', server.id, `<reboot type="SOFT" xmlns="${COMPUTE_NS}"/>`, 'application/xml');
      expect(xml.status).toBe(409);
      expect(xml.xml().conflictingRequest).toMatchObject({ code: '409', message: expect.stringContaining("Cannot 'reboot'") });
      expect((await eventsOf(server.uuid)).map((e) => e.type)).toEqual(['ServerCreateRequested']);
      expect((await call('demo', 'GET', '/images?type=SNAPSHOT')).json().images).toEqual([]);
    });

    it('refuses malformed, unknown and unsupported actions', async () => {
      const cases: [unknown, number, string][] = [
        [{}, 400, 'no action was given'],
        [{ reboot: {}, rebuild: { imageRef: '120' } }, 400, 'one action at a time'],
        [{ pause: {} }, 400, 'There is no such action: pause'],
        [{ reboot: { type: 'WARM' } }, 400, "Argument 'type' for reboot is not HARD or SOFT"],
        [{ rebuild: {} }, 400, 'Could not parse imageRef from request.'],
        [{ createImage: {} }, 400, 'createImage entity requires name attribute'],
        [{ addFloatingIp: {} }, 400, 'Address not specified'],
        [{ resize: { flavorRef: '101' } }, 501, 'resize is not supported by this cloud.'],
      ];
      for (const [body, code, message] of cases) {
        const r = await action('demo', server.id, body);
        expect({ body, status: r.status }).toEqual({ body, status: code });
        expect(faultOf(r)[1].message).toContain(message);
      }
      expect((await action('demo', 999999999, { reboot: { type: 'SOFT' } })).status).toBe(404);
    });

    it('adds and removes security groups by name: default exists, others are 404, a repeat is 400', async () => {
      expect((await action('demo', server.id, { addSecurityGroup: { name: 'default' } })).json().badRequest.message).toContain('already associated');
      expect((await action('demo', server.id, { addSecurityGroup: { name: 'nope' } })).json()).toEqual({
        itemNotFound: { code: 404, message: `Security group nope not found for project ${demo}.` },
      });
      const removed = await action('demo', server.id, { removeSecurityGroup: { name: 'default' } });
      expect(removed.status).toBe(202);
      expect(removed.text).toBe('');
      expect((await call('demo', 'GET', `/servers/${server.id}`)).json().server.security_groups).toEqual([]);
      expect((await action('demo', server.id, { removeSecurityGroup: { name: 'default' } })).status).toBe(400);
      expect((await action('demo', server.id, `<addSecurityGroup xmlns="${COMPUTE_NS}"><name>default</name></addSecurityGroup>`)).status).toBe(202);
      expect((await action('demo', server.id, { addSecurityGroup: { name: 'web' } })).status).toBe(202);
      expect((await call('demo', 'GET', `/servers/${server.id}`)).json().server.security_groups).toEqual([{ name: 'default' }, { name: 'web' }]);
      expect((await action('demo', server.id, { removeSecurityGroup: { name: 'nope' } })).status).toBe(404);
    });

    it('refuses floating IPs a server cannot take yet, or never took, without touching the network', async () => {
      const held = await network.allocateFloatingIp({ tenantId: demo, correlationId: 'req-servers-e2e' });
      const add = await action('demo', server.id, { addFloatingIp: { address: held.ip } });
      expect(add.status).toBe(400);
      expect(add.json().badRequest.message).toBe('No fixed ips associated to instance');
      const notAdded = await action('demo', server.id, { removeFloatingIp: { address: held.ip } });
      expect(notAdded.status).toBe(400);
      expect(notAdded.json().badRequest.message).toContain('was not added to this server');
      const unknown = await action('demo', server.id, { removeFloatingIp: { address: '203.0.113.250' } });
      expect(unknown.status).toBe(404);
      expect((await network.getFloatingIp({ tenantId: demo, id: held.id })).instanceId).toBeNull();
    });
  });

  describe('on a running server (the host facts written by the test)', () => {
    let server: { id: number; uuid: string };
    const at = () => new Date().toISOString();
    const hostRuns = (command: ServerCommand) => host.run(streamName(StreamCategory.Server, server.uuid), command, { correlationId: 'req-e2e-host', tenantId: demo });
    const status = async () => (await call('demo', 'GET', `/servers/${server.id}`)).json().server?.status;
    const until = (wanted: string) => waitFor(`server status ${wanted}`, async () => (await status()) === wanted, { timeoutMs: 15_000 });

    beforeAll(async () => {
      server = await create('demo', 'running', { metadata: { old: 'yes' } });
      await hostRuns({ type: 'ScheduleServer', host: 'e2e-host-1', agentId: 'e2e-agent', availabilityZone: 'az-1', at: at() });
      await hostRuns({ type: 'StartNetworking', at: at() });
      const fixed = await network.allocateFixedIp({ tenantId: demo, serverId: server.uuid, correlationId: 'req-e2e-host' });
      await hostRuns({ type: 'RecordNetwork', fixedIp: fixed.address, floatingIp: null, at: at() });
      await hostRuns({ type: 'StartBlockDeviceMapping', at: at() });
      await hostRuns({ type: 'StartSpawning', at: at() });
      await hostRuns({ type: 'FinishBuild', powerState: PowerState.Running, at: at() });
      await until('ACTIVE');
    }, 30_000);

    it('reboots: 202, ACTIVE(rebooting); a soft reboot over it is 409, a hard one is taken', async () => {
      const r = await action('demo', server.id, { reboot: { type: 'SOFT' } });
      expect(r.status).toBe(202);
      expect(r.text).toBe('');
      expect(await status()).toBe('ACTIVE(rebooting)');
      expect((await action('demo', server.id, { reboot: { type: 'SOFT' } })).json().conflictingRequest.message).toBe(
        "Cannot 'reboot' while instance is in vm_state ACTIVE task_state rebooting",
      );
      expect((await action('demo', server.id, `<reboot type="HARD" xmlns="${COMPUTE_NS}"/>`)).status).toBe(202);
      expect(await status()).toBe('ACTIVE(rebooting_hard)');
      await hostRuns({ type: 'CompleteReboot', powerState: PowerState.Running, at: at() });
      await until('ACTIVE');
    });

    it('rebuilds: 202, Location, the server ACTIVE(rebuilding) with its new name, metadata and adminPass', async () => {
      const r = await action('demo', server.id, { rebuild: { imageRef: 34971, name: 'rebuilt', metadata: { 'key-1': 'value-1' } } });
      expect(r.status).toBe(202);
      expect(r.headers.get('location')).toBe(`${gw.url}/v1.1/${demo}/servers/${server.id}`);
      expect(r.json().server).toMatchObject({ id: server.id, name: 'rebuilt', status: 'ACTIVE(rebuilding)', image: { id: '34971' }, metadata: { 'key-1': 'value-1' } });
      expect(r.json().server.adminPass).toMatch(/^[A-Za-z0-9]{16}$/);
      expect((await action('demo', server.id, { rebuild: { imageRef: '120' } })).status).toBe(409);
      await hostRuns({ type: 'CompleteRebuild', powerState: PowerState.Running, at: at() });
      await until('ACTIVE');
      expect((await action('demo', server.id, { rebuild: { imageRef: '999' } })).json().badRequest.message).toContain('Invalid imageRef provided');
    });

    it('creates an image: 202 with its Location, SAVING, then ACTIVE once the host reports the snapshot done', async () => {
      const r = await action('demo', server.id, { createImage: { name: 'image-1', metadata: { 'key-1': 'value-1' } } });
      expect(r.status).toBe(202);
      const location = r.headers.get('location')!;
      expect(location).toMatch(new RegExp(`^${gw.url}/v1\\.1/${demo}/images/\\d+$`));
      const imageId = location.split('/').pop();
      const image = (await call('demo', 'GET', `/images/${imageId}`)).json().image;
      expect(image).toMatchObject({ name: 'image-1', status: 'SAVING', metadata: { 'key-1': 'value-1' }, server: { id: server.uuid } });
      expect(await status()).toBe('ACTIVE(image_snapshot)');
      expect((await action('demo', server.id, { createImage: { name: 'image-2' } })).status).toBe(409);
      expect((await call('demo', 'GET', '/images?type=SNAPSHOT')).json().images).toHaveLength(1);
      await hostRuns({ type: 'CompleteSnapshot', at: at() });
      await waitFor('the image ACTIVE', async () => (await call('demo', 'GET', `/images/${imageId}`)).json().image.status === 'ACTIVE', { timeoutMs: 15_000 });
      await until('ACTIVE');
    });

    it('adds a floating IP through the network app and removes it again', async () => {
      const ip = await network.allocateFloatingIp({ tenantId: demo, correlationId: 'req-e2e-fip' });
      const added = await action('demo', server.id, { addFloatingIp: { address: ip.ip } });
      expect(added.status).toBe(202);
      expect((await network.getFloatingIp({ tenantId: demo, id: ip.id })).instanceId).toBe(server.uuid);
      const addresses = (await call('demo', 'GET', `/servers/${server.id}`)).json().server.addresses.private.map((a: { addr: string }) => a.addr);
      expect(addresses).toContain(ip.ip);
      expect((await action('demo', server.id, { addFloatingIp: { address: '203.0.113.251' } })).status).toBe(404);
      const removed = await action('demo', server.id, { removeFloatingIp: { address: ip.ip } });
      expect(removed.status).toBe(202);
      expect((await network.getFloatingIp({ tenantId: demo, id: ip.id })).instanceId).toBeNull();
      expect((await action('demo', server.id, { removeFloatingIp: { address: ip.ip } })).status).toBe(400);
    });

    it('asks the agent that holds the server for its console: 503 when that agent does not answer', async () => {
      const r = await action('demo', server.id, { 'os-getConsoleOutput': { length: 50 } });
      expect(r.status).toBe(503);
      expect(r.json().serviceUnavailable.message).toContain('Unable to get console');
    });

    it('deletes a server on a host: 204, the host then finishes and the server is gone', async () => {
      expect((await call('demo', 'DELETE', `/servers/${server.id}`)).status).toBe(204);
      expect(await status()).toBe('ACTIVE(deleting)');
      await hostRuns({ type: 'CompleteDelete', at: at() });
      await waitFor('the server gone', async () => (await call('demo', 'GET', `/servers/${server.id}`)).status === 404, { timeoutMs: 15_000 });
    });
  });

  describe('tenant isolation', () => {
    it("answers 404 to every call on another tenant's server, and leaves it alone", async () => {
      const { id, uuid } = await create('demo', 'private');
      const calls: [string, string, unknown][] = [
        ['GET', `/servers/${id}`, undefined],
        ['PUT', `/servers/${id}`, { server: { name: 'stolen' } }],
        ['DELETE', `/servers/${uuid}`, undefined],
        ['POST', `/servers/${id}/action`, { reboot: { type: 'HARD' } }],
        ['GET', `/servers/${id}/metadata`, undefined],
        ['POST', `/servers/${id}/metadata`, { metadata: { a: 'b' } }],
        ['PUT', `/servers/${id}/metadata/a`, { meta: { a: 'b' } }],
        ['DELETE', `/servers/${id}/metadata/a`, undefined],
      ];
      for (const [method, path, body] of calls) {
        const r = await call('alt', method, path, { body });
        expect({ method, path, status: r.status }).toEqual({ method, path, status: 404 });
      }
      expect((await eventsOf(uuid)).map((e) => e.type)).toEqual(['ServerCreateRequested']);
      expect((await call('demo', 'GET', `/servers/${id}`)).json().server.name).toBe('private');
    });
  });

  describe('the quota', () => {
    it('creates as many as fit, between min_count and max_count, and 413 when fewer than min_count fit', async () => {
      const set = await gw.call('PUT', `/v1.1/${admin}/os-quota-sets/${alt}`, { token: tokens.admin, body: { quota_set: { instances: 2 } } });
      expect(set.status).toBe(200);
      const r = await call('alt', 'POST', '/servers', { body: serverBody('fits', { min_count: 1, max_count: 5 }) });
      expect(r.status).toBe(202);
      expect((await call('alt', 'GET', '/servers?name=fits')).json().servers).toHaveLength(2);
      const over = await call('alt', 'POST', '/servers', { body: serverBody('no-room') });
      expect(over.status).toBe(413);
      expect(over.json().overLimit.message).toBe('Quota exceeded for instances: Requested 1, but already used 2 of 2 instances');
      expect(over.headers.get('retry-after')).toBeNull();
    });
  });
});
