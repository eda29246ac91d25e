// The behaviours control API end to end, on the whole stack (quota, network, scheduler, one
// compute agent with zero latencies): an administrator creates, lists, gets and deletes
// behaviours (403 for anyone else, 400 naming the field for a bad body), finds the API in the
// catalog and the extensions, and makes the gateway misbehave on demand, repeatably: api-error,
// fail-nth-request (exactly the n-th), false-negative (an error answered, the server built all
// the same), sequences, a host taken down and brought back, and a reset that removes every
// resource of one tenant through the normal delete paths while another tenant keeps its own.
/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */

import { Pool } from 'pg';
import { PgPoolDb, PostgresEventStore } from '@app/event-store';
import { waitFor } from '../harness/wait-for';
import { DEFAULT_TENANTS, type Gateway, startGateway } from './support/gateway';

const AGENT = 'bhv-agent';
const { demo, alt, admin } = DEFAULT_TENANTS;
const control = `/v1.1/${admin}/os-behaviours`;

describe('os-behaviours (the fault-injection control API)', () => {
  let gw: Gateway;
  let pool: Pool;
  let store: PostgresEventStore;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    gw = await startGateway(
      {},
      {
        apps: ['quota', 'network', 'scheduler', 'compute-agent'],
        appEnv: { 'compute-agent': { COMPUTE_AGENT_ID: AGENT, COMPUTE_HOSTS: '2', HOST_RAM_MB: '65536', HOST_VCPUS: '64', COMPUTE_PROFILE: 'zero', HEARTBEAT_INTERVAL_MS: '500' } },
      },
    );
    pool = new Pool({ connectionString: gw.database.url, max: 2 });
    store = new PostgresEventStore(new PgPoolDb(pool), { schema: 'event_store' });
    for (const user of ['demo', 'alt', 'admin'] as const) tokens[user] = await gw.token(user);
  }, 240_000);

  afterAll(async () => {
    await pool?.end();
    await gw?.stop();
  }, 60_000);

  const tenantOf = { demo, alt, admin } as const;
  type User = keyof typeof tenantOf;
  const api = (user: User, method: string, path: string, body?: unknown, accept?: string) =>
    gw.call(method, `/v1.1/${tenantOf[user]}${path}`, { token: tokens[user], body, accept });

  async function createBehaviour(behaviour: Record<string, unknown>): Promise<any> {
    const r = await gw.call('POST', control, { token: tokens.admin, body: { behaviour } });
    expect(r.status).toBe(200);
    return r.json().behaviour;
  }

  async function deleteBehaviour(id: string): Promise<void> {
    expect((await gw.call('DELETE', `${control}/${id}`, { token: tokens.admin })).status).toBe(202);
  }

  async function boot(user: User, name: string, expected = 202): Promise<any> {
    const r = await api(user, 'POST', '/servers', { server: { name, imageRef: '120', flavorRef: '100' } });
    expect(r.status).toBe(expected);
    return r.json();
  }

  async function byName(user: User, name: string): Promise<any[]> {
    return (await api(user, 'GET', `/servers/detail?name=${encodeURIComponent(name)}`)).json().servers;
  }

  async function until(user: User, id: string | number, status: string, timeoutMs = 30_000): Promise<any> {
    let last: any;
    return waitFor(
      `server ${id} to be ${status}`,
      async () => {
        const r = await api(user, 'GET', `/servers/${id}`);
        last = r.status === 200 ? r.json().server : { status: `HTTP ${r.status}` };
        return last.status === status ? last : undefined;
      },
      { timeoutMs, detail: () => last },
    );
  }

  async function lastHostEvent(host: string): Promise<any> {
    const events = await store.readStream(`host-${host}`);
    return events.filter((e) => e.type === 'ComputeHostStateChanged').pop()?.data;
  }

  describe('the control API', () => {
    it("is in an administrator's service catalog, beside Compute, and in the extensions", async () => {
      const adminAccess = (await gw.call('POST', '/v2.0/tokens', { body: { auth: { passwordCredentials: { username: 'admin', password: 'admin' } } } })).json().access;
      expect(adminAccess.serviceCatalog.map((s: any) => [s.type, s.name])).toEqual([['compute', 'Compute'], ['behaviours', 'Behaviours']]);
      const publicURL: string = adminAccess.serviceCatalog[1].endpoints[0].publicURL;
      expect(publicURL).toBe(`${gw.url}/v1.1/${admin}`);
      expect((await fetch(`${publicURL}/os-behaviours`, { headers: { 'X-Auth-Token': adminAccess.token.id } })).status).toBe(200);
      const memberAccess = (await gw.call('POST', '/v2.0/tokens', { body: { auth: { passwordCredentials: { username: 'demo', password: 'demo' } } } })).json().access;
      expect(memberAccess.serviceCatalog.map((s: any) => s.type)).toEqual(['compute']);
      const extension = await api('demo', 'GET', '/extensions/os-behaviours');
      expect(extension.status).toBe(200);
      expect(extension.json().extension).toMatchObject({ alias: 'os-behaviours', name: 'Behaviours' });
    });

    it('creates, lists, gets and deletes a behaviour; once deleted it is 404', async () => {
      const created = await createBehaviour({ criteria: { tenantId: alt, serverNameRegex: '^never-' }, action: { kind: 'fail-scheduling', message: 'nope' }, seed: 9, duration_seconds: 3600 });
      expect(created).toMatchObject({ criteria: { tenantId: alt, serverNameRegex: '^never-' }, action: { kind: 'fail-scheduling', message: 'nope' }, seed: 9 });
      expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(created.expires_at) - Date.parse(created.created_at)).toBe(3_600_000);
      const listed = (await gw.call('GET', control, { token: tokens.admin })).json().behaviours;
      expect(listed.map((b: any) => b.id)).toContain(created.id);
      const one = await gw.call('GET', `${control}/${created.id}`, { token: tokens.admin });
      expect(one.status).toBe(200);
      expect(one.json().behaviour).toEqual(created);
      const xml = await gw.call('GET', `${control}/${created.id}`, { token: tokens.admin, accept: 'application/xml' });
      expect(xml.xml().behaviour).toMatchObject({ id: created.id, seed: '9', criteria: { tenantId: alt }, action: { kind: 'fail-scheduling', message: 'nope' } });
      const events = await store.readStream(`behaviour-${created.id}`);
      expect(events.map((e) => [e.type, e.metadata.producer])).toEqual([['BehaviourCreated', 'api-gateway']]);
      expect(events[0].metadata.correlationId).toMatch(/^req-/);

      await deleteBehaviour(created.id);
      expect((await gw.call('GET', `${control}/${created.id}`, { token: tokens.admin })).status).toBe(404);
      expect((await gw.call('GET', control, { token: tokens.admin })).json().behaviours.map((b: any) => b.id)).not.toContain(created.id);
      const again = await gw.call('DELETE', `${control}/${created.id}`, { token: tokens.admin });
      expect(again.status).toBe(404);
      expect(again.json().itemNotFound).toBeDefined();
      expect((await gw.call('DELETE', `${control}/not-a-uuid`, { token: tokens.admin })).status).toBe(404);
      expect((await store.readStream(`behaviour-${created.id}`)).map((e) => e.type)).toEqual(['BehaviourCreated', 'BehaviourDeleted']);
    });

    it('takes and answers XML too', async () => {
      const body = `<behaviour seed="5"><criteria tenantId="${alt}" serverNameRegex="^never-"/><action kind="fail-nth-request" n="2" status="503"/></behaviour>`;
      const r = await gw.call('POST', control, { token: tokens.admin, body, accept: 'application/xml' });
      expect(r.status).toBe(200);
      const { behaviour } = r.xml();
      expect(behaviour).toMatchObject({ seed: '5', criteria: { tenantId: alt, serverNameRegex: '^never-' }, action: { kind: 'fail-nth-request', n: '2', status: '503' } });
      expect((await gw.call('GET', `${control}/${behaviour.id}`, { token: tokens.admin })).json().behaviour.action).toEqual({ kind: 'fail-nth-request', n: 2, status: 503 });
      await deleteBehaviour(behaviour.id);
    });

    it('refuses a bad behaviour with 400 naming the field, and creates nothing', async () => {
      const before = (await gw.call('GET', control, { token: tokens.admin })).json().behaviours.length;
      const cases: [unknown, string][] = [
        [{}, "'behaviour'"],
        [{ behaviour: { action: { kind: 'explode' } } }, "'behaviour.action.kind'"],
        [{ behaviour: { action: { kind: 'api-error', method: 'GET', pathRegex: '(', status: 500 } } }, "'behaviour.action.pathRegex'"],
        [{ behaviour: { action: { kind: 'false-negative', status: 200 } } }, "'behaviour.action.status'"],
        [{ behaviour: { action: { kind: 'fail-build-step', step: 'spawning', probability: 2 } } }, "'behaviour.action.probability'"],
        [{ behaviour: { action: { kind: 'fail-nth-request', n: 0, status: 500 } } }, "'behaviour.action.n'"],
        [{ behaviour: { action: { kind: 'sequence', actions: [] } } }, "'behaviour.action.actions'"],
        [{ behaviour: { action: { kind: 'sequence', actions: [{ kind: 'sequence', actions: [{ kind: 'fail-scheduling' }] }] } } }, "'behaviour.action.actions[0].kind'"],
        [{ behaviour: { action: { kind: 'fail-scheduling' }, criteria: { colour: 'red' } } }, "'behaviour.criteria.colour'"],
        [{ behaviour: { action: { kind: 'host-state', host: 'nowhere' } } }, "'behaviour.action.host'"],
        [{ behaviour: { action: { kind: 'host-state', host: `${AGENT}-host-00099` } } }, "'behaviour.action.host'"],
      ];
      for (const [body, field] of cases) {
        const r = await gw.call('POST', control, { token: tokens.admin, body });
        expect([JSON.stringify(body), r.status]).toEqual([JSON.stringify(body), 400]);
        expect(r.json().badRequest.message).toContain(field);
      }
      expect((await gw.call('GET', control, { token: tokens.admin })).json().behaviours.length).toBe(before);
    });

    it('is for administrators only: 403 for anyone else', async () => {
      const someone = await createBehaviour({ criteria: { tenantId: alt, serverNameRegex: '^never-' }, action: { kind: 'fail-scheduling' } });
      const base = `/v1.1/${demo}/os-behaviours`;
      const calls: [string, string, unknown?][] = [
        ['GET', base],
        ['POST', base, { behaviour: { action: { kind: 'fail-scheduling' } } }],
        ['GET', `${base}/${someone.id}`],
        ['DELETE', `${base}/${someone.id}`],
        ['POST', `${base}/reset`, { reset: { tenant_id: demo } }],
      ];
      for (const [method, path, body] of calls) {
        const r = await gw.call(method, path, { token: tokens.demo, body });
        expect([method, path, r.status]).toEqual([method, path, 403]);
        expect(r.json().forbidden).toBeDefined();
      }
      expect((await gw.call('GET', `${control}/${someone.id}`, { token: tokens.admin })).status).toBe(200);
      await deleteBehaviour(someone.id);
    });
  });

  describe('gateway behaviours', () => {
    it('api-error: the method and path of one tenant fail with the fault for the status; nothing else does', async () => {
      const b = await createBehaviour({ criteria: { tenantId: demo }, action: { kind: 'api-error', method: 'GET', pathRegex: '^/flavors$', status: 503, message: 'Flavors are taking a break.' } });
      const failed = await api('demo', 'GET', '/flavors');
      expect(failed.status).toBe(503);
      expect(failed.json().serviceUnavailable).toEqual({ code: 503, message: 'Flavors are taking a break.', details: `Injected by behaviour ${b.id} (api-error)` });
      const inXml = await api('demo', 'GET', '/flavors', undefined, 'application/xml');
      expect(inXml.status).toBe(503);
      expect(inXml.xml().serviceUnavailable.code).toBe('503');
      expect((await api('demo', 'GET', '/flavors/detail')).status).toBe(200);
      expect((await api('alt', 'GET', '/flavors')).status).toBe(200);
      await deleteBehaviour(b.id);
      expect((await api('demo', 'GET', '/flavors')).status).toBe(200);
    });

    it('api-error never touches the control API or tokens', async () => {
      const b = await createBehaviour({ action: { kind: 'api-error', method: '*', pathRegex: '.*', status: 500 } });
      expect((await api('demo', 'GET', '/flavors')).status).toBe(500);
      expect((await gw.call('GET', control, { token: tokens.admin })).status).toBe(200);
      expect((await gw.call('POST', '/v2.0/tokens', { body: { auth: { passwordCredentials: { username: 'alt', password: 'alt' } } } })).status).toBe(200);
      await deleteBehaviour(b.id);
      expect((await api('demo', 'GET', '/flavors')).status).toBe(200);
    });

    it('fail-nth-request: exactly the n-th matching request fails, before and after it they pass', async () => {
      const b = await createBehaviour({ criteria: { tenantId: alt }, action: { kind: 'fail-nth-request', n: 3, status: 500, method: 'GET', pathRegex: '^/images$' } });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        statuses.push((await api('alt', 'GET', '/images')).status);
        // Other tenants and other paths do not count.
        expect((await api('demo', 'GET', '/images')).status).toBe(200);
        expect((await api('alt', 'GET', '/images/detail')).status).toBe(200);
      }
      expect(statuses).toEqual([200, 200, 500, 200, 200, 200]);
      await deleteBehaviour(b.id);
    });

    it('false-negative: POST /servers answers 500, yet the server is created and reaches ACTIVE', async () => {
      const b = await createBehaviour({ criteria: { tenantId: demo, serverNameRegex: '^fn-' }, action: { kind: 'false-negative', status: 500 } });
      const answer = await api('demo', 'POST', '/servers', { server: { name: 'fn-1', imageRef: '120', flavorRef: '100' } });
      expect(answer.status).toBe(500);
      expect(answer.json().cloudServersFault).toMatchObject({ code: 500, details: `Injected by behaviour ${b.id} (false-negative)` });
      expect(answer.headers.get('location')).toBeNull();
      const [built] = await waitFor('fn-1 to be listed', async () => ((await byName('demo', 'fn-1')).length === 1 ? byName('demo', 'fn-1') : undefined));
      await until('demo', built.id, 'ACTIVE');
      // A server the criteria do not select is answered as usual.
      await boot('demo', 'ok-1');
      await deleteBehaviour(b.id);
      await boot('demo', 'fn-2');
    }, 60_000);

    it('sequence: successive server creates get its members in turn (false negative, 503), then it is spent', async () => {
      const b = await createBehaviour({
        criteria: { tenantId: demo, serverNameRegex: '^seq-' },
        action: { kind: 'sequence', actions: [{ kind: 'false-negative', status: 500 }, { kind: 'api-error', method: 'POST', pathRegex: '^/servers$', status: 503 }] },
      });
      expect(await boot('demo', 'seq-1', 500)).toHaveProperty('cloudServersFault');
      expect(await boot('demo', 'seq-2', 503)).toHaveProperty('serviceUnavailable');
      await boot('demo', 'seq-3');
      await boot('demo', 'seq-4');
      const [seq1] = await byName('demo', 'seq-1');
      await until('demo', seq1.id, 'ACTIVE');
      expect(await byName('demo', 'seq-2')).toEqual([]);
      await deleteBehaviour(b.id);
    }, 60_000);

    it('sequence: a fail-nth-request member takes n turns (n - 1 passes, then the failure)', async () => {
      const post = { method: 'POST', pathRegex: '^/os-keypairs$' };
      const b = await createBehaviour({
        criteria: { tenantId: alt },
        action: { kind: 'sequence', actions: [{ kind: 'api-error', ...post, status: 409 }, { kind: 'fail-nth-request', n: 2, ...post, status: 500 }] },
      });
      const statuses: number[] = [];
      for (const name of ['k1', 'k2', 'k3', 'k4']) statuses.push((await api('alt', 'POST', '/os-keypairs', { keypair: { name } })).status);
      expect(statuses).toEqual([409, 200, 500, 200]);
      const names = (await api('alt', 'GET', '/os-keypairs')).json().keypairs.map((k: any) => k.keypair.name);
      expect(names.sort()).toEqual(['k2', 'k4']);
      await deleteBehaviour(b.id);
    });
  });

  describe('host-state', () => {
    it('takes a host down (its servers go STOPPED); deleting the behaviour brings it up again', async () => {
      const { server } = await boot('demo', 'hs-1');
      const active = await until('demo', server.id, 'ACTIVE');
      const { host } = (await store.readStream(`server-${active.uuid}`)).find((e) => e.type === 'ServerScheduled')!.data as { host: string };
      expect(host).toMatch(new RegExp(`^${AGENT}-host-\\d+$`));

      const b = await createBehaviour({ action: { kind: 'host-state', host, up: false } });
      expect(b.action).toEqual({ kind: 'host-state', host, up: false });
      expect(await lastHostEvent(host)).toMatchObject({ up: false });
      await until('demo', server.id, 'STOPPED');

      await deleteBehaviour(b.id);
      expect(await lastHostEvent(host)).toMatchObject({ up: true });
      expect((await api('demo', 'POST', `/servers/${server.id}/action`, { reboot: { type: 'HARD' } })).status).toBe(202);
      await until('demo', server.id, 'ACTIVE');
    }, 90_000);
  });

  describe('reset', () => {
    async function holdings(user: User) {
      return {
        servers: (await api(user, 'GET', '/servers')).json().servers.length as number,
        floatingIps: (await api(user, 'GET', '/os-floating-ips')).json().floating_ips.length as number,
        keypairs: (await api(user, 'GET', '/os-keypairs')).json().keypairs.length as number,
        groups: (await api(user, 'GET', '/os-security-groups')).json().security_groups.map((g: any) => g.name).sort() as string[],
      };
    }

    /** Waits for the tenant's holdings to read `expected` (the read models follow the network app's events). */
    async function settles(user: User, expected: Awaited<ReturnType<typeof holdings>>): Promise<void> {
      let last: unknown;
      await waitFor(`${user}'s holdings to settle`, async () => JSON.stringify((last = await holdings(user))) === JSON.stringify(expected), {
        timeoutMs: 60_000,
        detail: () => last,
      });
    }

    async function furnish(user: User, prefix: string) {
      const { server } = await boot(user, `${prefix}-server`);
      await until(user, server.id, 'ACTIVE');
      expect((await api(user, 'POST', '/os-floating-ips')).status).toBe(200);
      expect((await api(user, 'POST', '/os-keypairs', { keypair: { name: `${prefix}-key` } })).status).toBe(200);
      expect((await api(user, 'POST', '/os-security-groups', { security_group: { name: `${prefix}-group`, description: 'reset e2e' } })).status).toBe(200);
      return server;
    }

    it("removes every resource of one tenant through the normal delete paths; another tenant's stay", async () => {
      const demoServer = await furnish('demo', 'rs');
      const snapshot = await api('demo', 'POST', `/servers/${demoServer.id}/action`, { createImage: { name: 'rs-snap' } });
      expect(snapshot.status).toBe(202);
      const imagePath = new URL(snapshot.headers.get('location')!).pathname;
      await waitFor('the snapshot to be ACTIVE', async () => (await gw.call('GET', imagePath, { token: tokens.demo })).json().image?.status === 'ACTIVE');
      const altKeys = (await holdings('alt')).keypairs;
      const altServer = await furnish('alt', 'keep');
      const demoBehaviour = await createBehaviour({ criteria: { tenantId: demo }, action: { kind: 'api-error', method: 'GET', pathRegex: '^/nothing$', status: 500 } });
      const altBehaviour = await createBehaviour({ criteria: { tenantId: alt }, action: { kind: 'api-error', method: 'GET', pathRegex: '^/nothing$', status: 500 } });
      const demoBefore = await holdings('demo');
      // alt: its server (with its auto-assigned floating IP), one allocated IP, one more key, its group.
      const altHolds = { servers: 1, floatingIps: 2, keypairs: altKeys + 1, groups: ['default', 'keep-group'] };
      await settles('alt', altHolds);
      expect(demoBefore.servers).toBeGreaterThan(1);

      const r = await gw.call('POST', `${control}/reset`, { token: tokens.admin, body: { reset: { tenant_id: demo } } });
      expect(r.status).toBe(202);
      // One floating IP was allocated; the servers' auto-assigned ones go with the servers.
      expect(r.json().reset).toEqual({
        tenants: [demo], behaviours: 1, servers: demoBefore.servers, floating_ips: 1, security_groups: 1, keypairs: demoBefore.keypairs, images: 1, failures: [],
      });

      await settles('demo', { servers: 0, floatingIps: 0, keypairs: 0, groups: ['default'] });
      expect((await gw.call('GET', imagePath, { token: tokens.demo })).status).toBe(404);
      expect((await gw.call('GET', `${control}/${demoBehaviour.id}`, { token: tokens.admin })).status).toBe(404);
      // The quota app saw the deletes: demo holds nothing any more.
      const limits = await waitFor('demo usage to be zero', async () => {
        const absolute = (await api('demo', 'GET', '/limits')).json().limits.absolute;
        return absolute.totalInstancesUsed === 0 && absolute.totalFloatingIpsUsed === 0 ? absolute : undefined;
      });
      expect(limits.totalCoresUsed).toBe(0);

      expect(await holdings('alt')).toEqual(altHolds);
      await until('alt', altServer.id, 'ACTIVE');
      expect((await gw.call('GET', `${control}/${altBehaviour.id}`, { token: tokens.admin })).status).toBe(200);
      await deleteBehaviour(altBehaviour.id);
    }, 120_000);

    it('answers 404 for a tenant the identity directory does not know, and 400 for a bad body', async () => {
      expect((await gw.call('POST', `${control}/reset`, { token: tokens.admin, body: { reset: { tenant_id: 'nobody' } } })).status).toBe(404);
      const bad = await gw.call('POST', `${control}/reset`, { token: tokens.admin, body: { reset: { tenant: demo } } });
      expect(bad.status).toBe(400);
      expect(bad.json().badRequest.message).toContain("'reset.tenant'");
    });

    it('with no body, resets every tenant', async () => {
      const b = await createBehaviour({ action: { kind: 'api-error', method: 'GET', pathRegex: '^/nothing$', status: 500 } });
      const r = await gw.call('POST', `${control}/reset`, { token: tokens.admin });
      expect(r.status).toBe(202);
      expect(r.json().reset.tenants.sort()).toEqual([admin, demo, alt].sort());
      expect(r.json().reset.behaviours).toBeGreaterThanOrEqual(1);
      expect((await gw.call('GET', `${control}/${b.id}`, { token: tokens.admin })).status).toBe(404);
      await settles('alt', { servers: 0, floatingIps: 0, keypairs: 0, groups: ['default'] });
      expect((await gw.call('GET', control, { token: tokens.admin })).json().behaviours).toEqual([]);
    }, 90_000);
  });
});
