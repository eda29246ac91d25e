// Reading servers over real HTTP, from the gateway's read model: the servers' events are
// appended straight to the log, as the scheduler and the compute agent do, and reach the
// gateway through its durable consumer 'servers'. Lists, details and one server in JSON and
// XML as the spec's examples; the filters; changes-since with a DELETED server; pages and a
// bad marker; a fault in ERROR; another tenant's server 404; later events followed live; and
// a replay of the projection equal to the live tables. One gateway start serves them all.

import { createHash, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { ServerCreateRequested, ServerEvent } from '@app/domain/server';
import { PgPoolDb, PostgresEventStore, replayProjection } from '@app/event-store';
import { serverProjection } from '../../apps/api-gateway/src/servers/server.projection';
import { waitFor } from '../harness/wait-for';
import { DEFAULT_TENANTS, startGateway, type Gateway } from './support/gateway';

const { demo, alt } = DEFAULT_TENANTS;
const COMPUTE_NS = 'http://docs.openstack.org/compute/api/v1.1';
const UBUNTU = { uuid: 'a3c0c8f4-0000-4000-8000-000000000120', id: '120' };
const CENTOS = { uuid: 'a3c0c8f4-0000-4000-8000-000000034971', id: '34971' };
const HOST = 'compute-7';
const at = (minute: number, second = 0) => new Date(Date.UTC(2012, 10, 1, 3, minute, second)).toISOString();

interface Made {
  uuid: string;
  id: number;
}

describe('servers: the read side', () => {
  let gw: Gateway;
  let pool: Pool;
  let store: PostgresEventStore;
  const tokens = { demo: '', alt: '' };
  const tenantOf = { demo, alt };
  type User = keyof typeof tokens;
  const s: Record<string, Made> = {};

  const call = (user: User, path: string, options: { accept?: string } = {}) => gw.call('GET', `/v1.1/${tenantOf[user]}${path}`, { token: tokens[user], ...options });
  const links = (tenant: string, id: number) => [
    { href: `${gw.url}/v1.1/${tenant}/servers/${id}`, rel: 'self' },
    { href: `${gw.url}/${tenant}/servers/${id}`, rel: 'bookmark' },
  ];
  const names = async (user: User, query: string, path = '/servers') => {
    const r = await call(user, `${path}?${query}`);
    expect(r.status).toBe(200);
    return r.json().servers.map((x: { name: string }) => x.name);
  };

  /** Appends a server's events as other apps would (not through the gateway), with an id from the gateway's sequence. */
  async function append(key: string, tenantId: string, name: string, minute: number, more: ServerEvent[] = [], data: Partial<ServerCreateRequested['data']> = {}) {
    const uuid = randomUUID();
    const { rows } = await pool.query<{ id: string }>(`SELECT nextval('api_gateway.server_ids') AS id`);
    const id = Number(rows[0].id);
    const created: ServerCreateRequested['data'] = {
      serverId: id, tenantId, userId: 'u-e2e', name, imageUuid: UBUNTU.uuid, imageId: UBUNTU.id, flavorId: '100', vcpus: 1, ramMb: 1024, diskGb: 30,
      metadata: {}, personality: [], userData: null, keyName: null, publicKey: null, securityGroups: ['default'], configDrive: false, accessIPv4: '', accessIPv6: '',
      availabilityZone: null, multiCreateId: `r-${key}`, requestedAt: at(minute), ...data,
    };
    await store.append(`server-${uuid}`, 0, [{ type: 'ServerCreateRequested', data: created }, ...more], { correlationId: `req-${randomUUID()}`, tenantId, producer: 'e2e' });
    s[key] = { uuid, id };
  }

  const buildTo = (minute: number, fixedIp: string, floatingIp: string | null): ServerEvent[] => [
    { type: 'ServerScheduled', data: { host: HOST, agentId: 'agent-1', availabilityZone: 'az-1', scheduledAt: at(minute, 1) } },
    { type: 'ServerNetworkingStarted', data: { at: at(minute, 2) } },
    { type: 'ServerNetworkAllocated', data: { fixedIp, floatingIp, at: at(minute, 3) } },
    { type: 'ServerBlockDeviceMappingStarted', data: { at: at(minute, 4) } },
    { type: 'ServerSpawningStarted', data: { at: at(minute, 5) } },
    { type: 'ServerBuilt', data: { powerState: 1, launchedAt: at(minute, 18) } },
  ];

  beforeAll(async () => {
    gw = await startGateway();
    tokens.demo = await gw.token('demo');
    tokens.alt = await gw.token('alt');
    pool = new Pool({ connectionString: gw.database.url, max: 4 });
    store = new PostgresEventStore(new PgPoolDb(pool), { schema: 'event_store' });

    await append('gone', demo, 'server-gone', 0, [
      ...buildTo(0, '10.2.0.20', null),
      { type: 'ServerDeleteRequested', data: { at: at(40) } },
      { type: 'ServerDeleted', data: { tenantId: demo, at: at(40, 5) } },
    ]);
    await append('one', demo, 'server-name-1', 1, buildTo(1, '10.2.0.26', '15.185.225.247'));
    await append('two', demo, 'server-name-2', 58, buildTo(58, '10.2.0.27', '15.185.225.248'), {
      metadata: { 'key-2': '', 'key-1': '' }, keyName: 'key.pub', userId: '13311562627589',
    });
    await append('building', demo, 'web-building', 59, [
      { type: 'ServerScheduled', data: { host: HOST, agentId: 'agent-1', availabilityZone: 'az-1', scheduledAt: at(59, 1) } },
      { type: 'ServerSpawningStarted', data: { at: at(59, 2) } },
      { type: 'ServerSpawnProgressed', data: { progress: 40, at: at(59, 3) } },
    ], { imageUuid: CENTOS.uuid, imageId: CENTOS.id, flavorId: '101' });
    await append('failed', demo, 'web-failed', 59, [
      { type: 'ServerSchedulingFailed', data: { fault: { code: 500, message: 'No valid host was found. ', details: 'RamFilter: 1 -> 0', created: at(59, 1) } } },
    ]);
    await append('alien', alt, 'alt-server', 30);

    await waitFor('every appended server in the read model', async () => {
      const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM api_gateway.servers WHERE updated_at >= '2012-11-01'`);
      return rows[0].n === 6;
    }, { timeoutMs: 20_000 });
  }, 120_000);
  afterAll(async () => {
    await pool?.end();
    await gw?.stop();
  }, 30_000);

  describe('GET /servers', () => {
    it('lists the tenant servers newest first with id, links, name and uuid, as the spec (JSON)', async () => {
      const r = await call('demo', '/servers');
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toContain('application/json');
      const byKey = (key: string, name: string) => ({ id: s[key].id, links: links(demo, s[key].id), name, uuid: s[key].uuid });
      // building and failed share a create time: the higher id first.
      expect(r.json()).toEqual({
        servers: [byKey('failed', 'web-failed'), byKey('building', 'web-building'), byKey('two', 'server-name-2'), byKey('one', 'server-name-1')],
      });
    });

    it('lists them in XML, by suffix or by Accept', async () => {
      for (const [path, accept] of [['/servers.xml', undefined], ['/servers', 'application/xml']] as const) {
        const r = await call('demo', path, { accept });
        expect(r.status).toBe(200);
        const { servers } = r.xml();
        expect(servers.xmlns).toBe(COMPUTE_NS);
        expect(servers.server[2]).toEqual({ id: String(s.two.id), name: 'server-name-2', 'atom:link': links(demo, s.two.id) });
        expect(servers.server).toHaveLength(4);
      }
    });
  });

  describe('GET /servers/detail and /servers/{id}', () => {
    const hostId = () => createHash('sha224').update(demo + HOST).digest('hex');
    const detailOfTwo = () => ({
      accessIPv4: '',
      accessIPv6: '',
      addresses: { private: [{ addr: '10.2.0.27', version: 4 }, { addr: '15.185.225.248', version: 4 }] },
      config_drive: '',
      created: '2012-11-01T03:58:00Z',
      flavor: { id: '100', links: [{ href: `${gw.url}/${demo}/flavors/100`, rel: 'bookmark' }] },
      hostId: hostId(),
      id: s.two.id,
      image: { id: '120', links: [{ href: `${gw.url}/${demo}/images/120`, rel: 'bookmark' }] },
      key_name: 'key.pub',
      links: links(demo, s.two.id),
      metadata: { 'key-1': '', 'key-2': '' },
      name: 'server-name-2',
      progress: 100,
      security_groups: [{ name: 'default' }],
      status: 'ACTIVE',
      tenant_id: demo,
      updated: '2012-11-01T03:58:18Z',
      user_id: '13311562627589',
      uuid: s.two.uuid,
    });

    it('details every server as the spec List Servers Detail example (JSON)', async () => {
      const r = await call('demo', '/servers/detail');
      expect(r.status).toBe(200);
      const servers = r.json().servers;
      expect(servers.map((x: { status: string }) => x.status)).toEqual(['ERROR', 'BUILD(spawning)', 'ACTIVE', 'ACTIVE']);
      expect(servers[2]).toEqual(detailOfTwo());
      expect(servers[1]).toMatchObject({ status: 'BUILD(spawning)', progress: 40, hostId: hostId(), addresses: {}, image: { id: '34971' }, flavor: { id: '101' } });
    });

    it('shows the fault of a server in ERROR, with no host id and no progress', async () => {
      const r = await call('demo', `/servers/${s.failed.id}`);
      expect(r.status).toBe(200);
      const { server } = r.json();
      expect(server).toMatchObject({
        status: 'ERROR', hostId: '', addresses: {}, fault: { code: 500, message: 'No valid host was found. ', details: 'RamFilter: 1 -> 0', created: '2012-11-01T03:59:01Z' },
      });
      expect(server).not.toHaveProperty('progress');
      const xml = await call('demo', `/servers/${s.failed.id}.xml`);
      expect(xml.text).toContain('<fault code="500" created="2012-11-01T03:59:01Z"><message>No valid host was found. </message><details>RamFilter: 1 -&gt; 0</details></fault>');
      expect(xml.xml().server.fault).toEqual({ code: '500', created: '2012-11-01T03:59:01Z', message: 'No valid host was found.', details: 'RamFilter: 1 -> 0' });
    });

    it('gives one server by its id or its UUID as the spec Get Server Details example (JSON)', async () => {
      for (const ref of [String(s.two.id), s.two.uuid, s.two.uuid.toUpperCase()]) {
        const r = await call('demo', `/servers/${ref}`);
        expect(r.status).toBe(200);
        expect(r.json()).toEqual({ server: detailOfTwo() });
      }
    });

    it('gives it in XML as the spec example: attributes, links, image, flavor, metadata, addresses, security groups', async () => {
      const r = await call('demo', `/servers/${s.two.uuid}.xml`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toContain('application/xml');
      expect(r.xml().server).toEqual({
        accessIPv4: '', accessIPv6: '', created: '2012-11-01T03:58:00Z', hostId: hostId(), id: String(s.two.id), name: 'server-name-2', progress: '100', status: 'ACTIVE',
        tenantId: demo, updated: '2012-11-01T03:58:18Z', userId: '13311562627589', uuid: s.two.uuid, xmlns: COMPUTE_NS, 'xmlns:atom': 'http://www.w3.org/2005/Atom',
        'atom:link': links(demo, s.two.id),
        image: { id: '120', 'atom:link': [{ href: `${gw.url}/${demo}/images/120`, rel: 'bookmark' }] },
        flavor: { id: '100', 'atom:link': [{ href: `${gw.url}/${demo}/flavors/100`, rel: 'bookmark' }] },
        metadata: { meta: [{ key: 'key-1' }, { key: 'key-2' }] },
        addresses: { network: { id: 'private', ip: [{ addr: '10.2.0.27', version: '4' }, { addr: '15.185.225.248', version: '4' }] } },
        security_groups: { security_group: { name: 'default' } },
      });
    });

    it('details the list in XML too', async () => {
      const { servers } = (await call('demo', '/servers/detail.xml')).xml();
      expect(servers.xmlns).toBe(COMPUTE_NS);
      expect(servers.server.map((x: { status: string }) => x.status)).toEqual(['ERROR', 'BUILD(spawning)', 'ACTIVE', 'ACTIVE']);
      expect(servers.server[1]).toMatchObject({ progress: '40', status: 'BUILD(spawning)', addresses: '' });
    });

    it('is 404 itemNotFound for a DELETED server, one that never was, and a name', async () => {
      for (const ref of [s.gone.uuid, String(s.gone.id), randomUUID(), '999999999', 'server-name-1']) {
        const r = await call('demo', `/servers/${ref}`);
        expect(r.status).toBe(404);
        expect(r.json()).toEqual({ itemNotFound: { code: 404, message: 'Server not found.' } });
      }
      const xml = await call('demo', `/servers/${s.gone.uuid}.xml`);
      expect(xml.status).toBe(404);
      expect(xml.xml().itemNotFound).toMatchObject({ code: '404', message: 'Server not found.' });
    });
  });

  describe('filters', () => {
    it('takes the spec example query: status, image, flavor and name together', async () => {
      expect(await names('demo', 'status=ACTIVE&image=120&flavor=100&name=server-name', '/servers/detail')).toEqual(['server-name-2', 'server-name-1']);
    });

    it('filters by image id, UUID or URL, and by flavor id or URL', async () => {
      expect(await names('demo', 'image=34971')).toEqual(['web-building']);
      expect(await names('demo', `image=${CENTOS.uuid}`)).toEqual(['web-building']);
      expect(await names('demo', `image=${encodeURIComponent(`${gw.url}/${demo}/images/120`)}`)).toEqual(['web-failed', 'server-name-2', 'server-name-1']);
      expect(await names('demo', 'flavor=101')).toEqual(['web-building']);
      expect(await names('demo', `flavor=${encodeURIComponent(`${gw.url}/${demo}/flavors/100`)}`)).toEqual(['web-failed', 'server-name-2', 'server-name-1']);
      expect(await names('demo', 'flavor=105')).toEqual([]);
    });

    it('filters by name as a regular expression from the start of the name', async () => {
      expect(await names('demo', 'name=web')).toEqual(['web-failed', 'web-building']);
      expect(await names('demo', `name=${encodeURIComponent('server-name-[2]')}`)).toEqual(['server-name-2']);
      expect(await names('demo', 'name=name')).toEqual([]);
      const bad = await call('demo', `/servers?name=${encodeURIComponent('web(')}`);
      expect(bad.status).toBe(400);
      expect(bad.json().badRequest.message).toContain('Invalid name filter');
    });

    it('filters by status, with or without the task, and refuses an unknown status', async () => {
      expect(await names('demo', 'status=ACTIVE')).toEqual(['server-name-2', 'server-name-1']);
      expect(await names('demo', 'status=build')).toEqual(['web-building']);
      expect(await names('demo', `status=${encodeURIComponent('BUILD(spawning)')}`)).toEqual(['web-building']);
      expect(await names('demo', 'status=ERROR')).toEqual(['web-failed']);
      expect(await names('demo', 'status=DELETED')).toEqual([]);
      const bad = await call('demo', '/servers?status=RUNNING');
      expect(bad.status).toBe(400);
      expect(bad.json()).toEqual({ badRequest: { code: 400, message: 'Invalid server status: RUNNING' } });
    });
  });

  describe('changes-since', () => {
    it('lists the servers changed since then, the DELETED one included with its status', async () => {
      expect(await names('demo', 'changes-since=2012-11-01T03:40Z')).toEqual(['web-failed', 'web-building', 'server-name-2', 'server-gone']);
      const r = await call('demo', `/servers/detail?changes-since=${encodeURIComponent('2012-11-01T04:40:00+01:00')}`);
      expect(r.json().servers.map((x: { name: string; status: string }) => [x.name, x.status])).toEqual([
        ['web-failed', 'ERROR'], ['web-building', 'BUILD(spawning)'], ['server-name-2', 'ACTIVE'], ['server-gone', 'DELETED'],
      ]);
      expect(r.json().servers[3]).toMatchObject({ addresses: {}, updated: '2012-11-01T03:40:05Z' });
      expect(await names('demo', 'changes-since=2012-11-01T03:00&status=DELETED')).toEqual(['server-gone']);
      expect(await names('demo', 'changes-since=2013-01-01')).toEqual([]);
    });

    it('refuses a malformed time with a 400', async () => {
      const r = await call('demo', '/servers?changes-since=last-tuesday');
      expect(r.status).toBe(400);
      expect(r.json().badRequest.message).toContain('changes-since');
    });
  });

  describe('pages', () => {
    it('pages with limit and a marker given by id or UUID', async () => {
      expect(await names('demo', 'limit=2')).toEqual(['web-failed', 'web-building']);
      expect(await names('demo', `limit=2&marker=${s.building.id}`)).toEqual(['server-name-2', 'server-name-1']);
      expect(await names('demo', `limit=2&marker=${s.two.uuid}`, '/servers/detail')).toEqual(['server-name-1']);
      expect(await names('demo', `changes-since=2012-11-01T00:00Z&marker=${s.one.uuid}`)).toEqual(['server-gone']);
    });

    it('is 400 badRequest for a marker that names no server of the tenant, in JSON and XML', async () => {
      for (const marker of [randomUUID(), s.alien.uuid, String(s.alien.id), 'not-a-server']) {
        const r = await call('demo', `/servers?marker=${marker}`);
        expect(r.status).toBe(400);
        expect(r.json()).toEqual({ badRequest: { code: 400, message: `marker [${marker}] not found` } });
      }
      const xml = await call('demo', `/servers/detail.xml?marker=${s.alien.uuid}`);
      expect(xml.status).toBe(400);
      expect(xml.xml().badRequest).toMatchObject({ code: '400', message: `marker [${s.alien.uuid}] not found` });
      expect((await call('demo', '/servers?limit=x')).status).toBe(400);
    });
  });

  describe('tenants', () => {
    it("never show another tenant's servers: 404 by id or UUID, absent from its lists", async () => {
      for (const ref of [String(s.two.id), s.two.uuid]) expect((await call('alt', `/servers/${ref}`)).status).toBe(404);
      expect(await names('alt', '')).toEqual(['alt-server']);
      expect(await names('alt', 'changes-since=2012-01-01', '/servers/detail')).toEqual(['alt-server']);
      expect((await call('demo', `/servers/${s.alien.uuid}`)).status).toBe(404);
    });

    it('refuse a token on another tenant URL and a request without a token', async () => {
      expect((await gw.call('GET', `/v1.1/${alt}/servers`, { token: tokens.demo })).status).toBe(400);
      expect((await gw.call('GET', `/v1.1/${demo}/servers`)).status).toBe(401);
    });
  });

  describe('the live read model', () => {
    it('follows the events other apps append later, and replays to rows equal to the live ones', async () => {
      await store.append(`server-${s.one.uuid}`, 'any', [{ type: 'ServerRebootRequested', data: { rebootType: 'HARD', at: at(50) } }], {
        correlationId: `req-${randomUUID()}`, tenantId: demo, producer: 'e2e',
      });
      await waitFor('server-name-1 rebooting', async () => (await call('demo', `/servers/${s.one.id}`)).json().server.status === 'ACTIVE(rebooting_hard)');
      await store.append(`server-${s.one.uuid}`, 'any', [{ type: 'ServerRebooted', data: { powerState: 1, at: at(51) } }], {
        correlationId: `req-${randomUUID()}`, tenantId: demo, producer: 'e2e',
      });
      const server = await waitFor('server-name-1 ACTIVE again', async () => {
        const body = (await call('demo', `/servers/${s.one.uuid}`)).json().server;
        return body.status === 'ACTIVE' && body.updated === '2012-11-01T03:51:00Z' && body;
      });
      expect(server.addresses.private.map((a: { addr: string }) => a.addr)).toEqual(['10.2.0.26', '15.185.225.247']);

      const report = await replayProjection({ db: new PgPoolDb(pool), store, projection: serverProjection, schema: 'api_gateway' });
      expect(report.equal).toBe(true);
    });
  });
});
