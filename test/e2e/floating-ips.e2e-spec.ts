// The os-floating-ips extension over real HTTP, against the built gateway, network and quota
// apps on one scratch database and NATS namespace: allocate (200), list, get and deallocate
// (202) in JSON and XML as the spec's examples show them, read from the gateway's read model
// right after each change; the fault paths; deallocate disassociating first; an auto-assigned
// floating IP refused; the floating IP quota (413) with GET /limits following; an exhausted
// pool (404); tenant isolation; and replay of the read model equal to the live one.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createNetworkClient, type NetworkRpcClient } from '@app/platform';
import { waitFor } from '../harness/wait-for';
import { DEFAULT_TENANTS, startGateway, type ApiResponse, type Gateway } from './support/gateway';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const FLOATING_IP_RANGE = '15.185.96.0/28';
const POOL_SIZE = 13;
const { demo, alt, admin } = DEFAULT_TENANTS;
const XML = 'application/xml';

interface FloatingIpJson {
  fixed_ip: string | null;
  id: number;
  instance_id: string | null;
  ip: string;
}

describe('os-floating-ips', () => {
  let gw: Gateway;
  let network: NetworkRpcClient;
  const tokens: Record<string, string> = {};
  const base = (tenant: string) => `/v1.1/${tenant}/os-floating-ips`;
  const call = (user: 'demo' | 'alt' | 'admin', method: string, path: string, options: { body?: unknown; accept?: string } = {}) =>
    gw.call(method, path, { token: tokens[user], ...options });

  async function allocate(user: 'demo' | 'alt' = 'demo', tenant = DEFAULT_TENANTS[user]): Promise<FloatingIpJson> {
    const r = await call(user, 'POST', base(tenant));
    expect(r.status).toBe(200);
    return r.json().floating_ip;
  }

  async function absolute(user: 'demo' | 'alt', tenant: string): Promise<Record<string, number>> {
    return (await call(user, 'GET', `/v1.1/${tenant}/limits`)).json().limits.absolute;
  }

  async function setQuota(tenant: string, quotaSet: Record<string, number>): Promise<void> {
    expect((await call('admin', 'PUT', `/v1.1/${admin}/os-quota-sets/${tenant}`, { body: { quota_set: quotaSet } })).status).toBe(200);
  }

  async function releaseAll(user: 'demo' | 'alt', tenant: string): Promise<void> {
    for (const ip of (await call(user, 'GET', base(tenant))).json().floating_ips as FloatingIpJson[]) {
      await call(user, 'DELETE', `${base(tenant)}/${ip.id}`);
    }
  }

  const expectFault = (r: ApiResponse, code: number, element: string, message?: string | RegExp) => {
    expect(r.status).toBe(code);
    expect(r.json()[element].code).toBe(code);
    if (message !== undefined) expect(r.json()[element].message).toMatch(message);
  };

  beforeAll(async () => {
    gw = await startGateway({}, { apps: ['network', 'quota'], appEnv: { network: { FLOATING_IP_RANGE } } });
    for (const user of ['demo', 'alt', 'admin'] as const) tokens[user] = await gw.token(user);
    network = createNetworkClient({ natsServers: [NATS_URL], natsNamespace: gw.namespace, name: 'floating-ips-e2e' }, { timeoutMs: 10_000 });
  }, 180_000);
  afterAll(async () => {
    await network?.onApplicationShutdown();
    await gw?.stop();
  }, 60_000);

  it('is listed as an extension', async () => {
    const r = await call('demo', 'GET', `/v1.1/${demo}/extensions/os-floating-ips`);
    expect(r.json().extension).toMatchObject({ alias: 'os-floating-ips', name: 'Floating_ips' });
  });

  it('allocates (200) as the spec shows, and lists and gets it at once, in JSON', async () => {
    expect((await call('demo', 'GET', base(demo))).json()).toEqual({ floating_ips: [] });
    const ip = await allocate();
    expect(Object.keys(ip)).toEqual(['fixed_ip', 'id', 'instance_id', 'ip']);
    expect(ip).toMatchObject({ fixed_ip: null, instance_id: null });
    expect(Number.isInteger(ip.id)).toBe(true);
    expect(ip.ip).toMatch(/^15\.185\.96\.([2-9]|1[0-4])$/);

    const named = await call('demo', 'POST', base(demo), { body: { pool: 'nova' } });
    expect(named.status).toBe(200);
    const second: FloatingIpJson = named.json().floating_ip;
    expect(second.ip).not.toBe(ip.ip);

    expect((await call('demo', 'GET', base(demo))).json()).toEqual({ floating_ips: [ip, second] });
    expect((await call('demo', 'GET', `${base(demo)}/${ip.id}`)).json()).toEqual({ floating_ip: ip });
    await releaseAll('demo', demo);
  });

  it('answers XML as the spec shows: None for null, the four elements in order', async () => {
    const r = await call('demo', 'POST', base(demo), { accept: XML });
    expect(r.status).toBe(200);
    const id = /<id>(\d+)<\/id>/.exec(r.text)![1];
    const ip = /<ip>([\d.]+)<\/ip>/.exec(r.text)![1];
    expect(r.text).toContain(`<floating_ip xmlns="http://docs.openstack.org/compute/api/v1.1"><instance_id>None</instance_id><ip>${ip}</ip><fixed_ip>None</fixed_ip><id>${id}</id></floating_ip>`);
    const listed = await call('demo', 'GET', `${base(demo)}.xml`);
    expect(listed.text).toContain(`<floating_ips xmlns="http://docs.openstack.org/compute/api/v1.1"><floating_ip><instance_id>None</instance_id><ip>${ip}</ip>`);
    const { xmlns, ...one } = (await call('demo', 'GET', `${base(demo)}/${id}.xml`)).xml().floating_ip;
    expect(xmlns).toBe('http://docs.openstack.org/compute/api/v1.1');
    expect(one).toEqual({ instance_id: 'None', ip, fixed_ip: 'None', id });
    // An XML body naming the pool is taken too.
    expect((await gw.call('POST', base(demo), { token: tokens.demo, body: '<pool>nova</pool>', accept: XML })).status).toBe(200);
    await releaseAll('demo', demo);
  });

  it('deallocates (202): gone at once from get (404) and list', async () => {
    const ip = await allocate();
    const r = await call('demo', 'DELETE', `${base(demo)}/${ip.id}`);
    expect(r.status).toBe(202);
    expect(r.text).toBe('');
    expectFault(await call('demo', 'GET', `${base(demo)}/${ip.id}`), 404, 'itemNotFound', `Floating ip not found for id ${ip.id}`);
    expect((await call('demo', 'GET', base(demo))).json().floating_ips).toEqual([]);
    expectFault(await call('demo', 'DELETE', `${base(demo)}/${ip.id}`), 404, 'itemNotFound');
  });

  it('answers the fault paths with the spec faults, in JSON and XML', async () => {
    expectFault(await call('demo', 'GET', `${base(demo)}/999999`), 404, 'itemNotFound', 'Floating ip not found for id 999999');
    expectFault(await call('demo', 'GET', `${base(demo)}/abc`), 404, 'itemNotFound');
    expectFault(await call('demo', 'DELETE', `${base(demo)}/0`), 404, 'itemNotFound');
    expectFault(await call('demo', 'POST', base(demo), { body: { pool: 'public' } }), 404, 'itemNotFound', /Floating ip pool not found: public/);
    expectFault(await call('demo', 'POST', base(demo), { body: { pool: 5 } }), 400, 'badRequest', /'pool': must be a string/);
    expectFault(await call('demo', 'POST', base(demo), { body: '[1]' }), 400, 'badRequest');
    const xml = await call('demo', 'GET', `${base(demo)}/999999.xml`);
    expect(xml.status).toBe(404);
    expect(xml.xml().itemNotFound.code).toBe('404');
    expect((await gw.call('GET', base(demo))).status).toBe(401);
    expect((await call('demo', 'PUT', base(demo), { body: {} })).status).toBe(405);
  });

  it("never shows or touches another tenant's floating IP", async () => {
    const mine = await allocate('demo');
    expect((await call('alt', 'GET', base(alt))).json().floating_ips).toEqual([]);
    expectFault(await call('alt', 'GET', `${base(alt)}/${mine.id}`), 404, 'itemNotFound');
    expectFault(await call('alt', 'DELETE', `${base(alt)}/${mine.id}`), 404, 'itemNotFound');
    expect((await call('demo', 'GET', `${base(demo)}/${mine.id}`)).status).toBe(200);
    // A token for one tenant on another tenant's URL is refused before anything is looked up.
    expect((await call('alt', 'GET', `${base(demo)}/${mine.id}`)).status).toBe(400);
    await releaseAll('demo', demo);
  });

  it('shows an association made elsewhere, and deallocates an associated floating IP by disassociating it first', async () => {
    const ip = await allocate();
    const serverId = `server-${gw.namespace}-1`;
    const fixed = await network.allocateFixedIp({ tenantId: demo, serverId, correlationId: 'req-e2e-build' });
    await network.associateFloatingIp({ tenantId: demo, address: ip.ip, serverId, fixedIp: fixed.address, correlationId: 'req-e2e-add' });
    // The association came from another app: the read model gets it from the network events.
    await waitFor('the association in the read model', async () => (await call('demo', 'GET', `${base(demo)}/${ip.id}`)).json().floating_ip.instance_id === serverId);
    expect((await call('demo', 'GET', `${base(demo)}/${ip.id}`)).json().floating_ip).toEqual({ ...ip, fixed_ip: fixed.address, instance_id: serverId });

    expect((await call('demo', 'DELETE', `${base(demo)}/${ip.id}`)).status).toBe(202);
    const events = await gw.database.query<{ type: string }>(`SELECT type FROM event_store.events WHERE stream_name = $1 ORDER BY stream_version`, [`floatingip-${ip.id}`]);
    expect(events.map((e) => e.type)).toEqual(['FloatingIpAllocated', 'FloatingIpAssociated', 'FloatingIpDisassociated', 'FloatingIpDeallocated']);
    expect((await call('demo', 'GET', base(demo))).json().floating_ips).toEqual([]);
    await network.releaseServerAddresses({ tenantId: demo, serverId, correlationId: 'req-e2e-delete' });
  });

  it("refuses to deallocate a server's auto-assigned floating IP (400): it goes with its server", async () => {
    const serverId = `server-${gw.namespace}-2`;
    const fixed = await network.allocateFixedIp({ tenantId: demo, serverId, correlationId: 'req-e2e-build' });
    const auto = await network.allocateFloatingIp({ tenantId: demo, autoAssignTo: { serverId, fixedIp: fixed.address }, correlationId: 'req-e2e-build' });
    await waitFor('the auto-assigned floating IP in the read model', async () => (await call('demo', 'GET', base(demo))).json().floating_ips.length === 1);
    expect((await call('demo', 'GET', base(demo))).json().floating_ips).toEqual([{ fixed_ip: fixed.address, id: auto.id, instance_id: serverId, ip: auto.ip }]);
    expectFault(await call('demo', 'DELETE', `${base(demo)}/${auto.id}`), 400, 'badRequest', `Cannot deallocate auto assigned floating ip ${auto.ip}`);
    // Released with its server.
    await network.releaseServerAddresses({ tenantId: demo, serverId, correlationId: 'req-e2e-delete' });
    await waitFor('the release in the read model', async () => (await call('demo', 'GET', base(demo))).json().floating_ips.length === 0);
  });

  it("refuses an allocation beyond the tenant's floating IP quota with 413, and GET /limits follows the usage", async () => {
    await waitFor('no floating IP counted for demo', async () => (await absolute('demo', demo)).totalFloatingIpsUsed === 0);
    await setQuota(demo, { floating_ips: 2 });
    const [first] = [await allocate(), await allocate()];
    expect((await absolute('demo', demo))).toMatchObject({ maxTotalFloatingIps: 2, totalFloatingIpsUsed: 2 });
    const over = await call('demo', 'POST', base(demo));
    expectFault(over, 413, 'overLimit', /Quota exceeded for floating_ips/);
    expect(over.json().overLimit.details).toBe('maxTotalFloatingIps is 2; 2 in use, 1 requested');
    const overXml = await call('demo', 'POST', base(demo), { accept: XML });
    expect(overXml.status).toBe(413);
    expect(overXml.xml().overLimit.code).toBe('413');
    expect((await call('demo', 'GET', base(demo))).json().floating_ips).toHaveLength(2);

    // A deallocation makes room again, once the quota app has counted it.
    expect((await call('demo', 'DELETE', `${base(demo)}/${first.id}`)).status).toBe(202);
    await waitFor('the deallocation counted', async () => (await absolute('demo', demo)).totalFloatingIpsUsed === 1);
    await allocate();
    expect((await absolute('demo', demo)).totalFloatingIpsUsed).toBe(2);
    await releaseAll('demo', demo);
    await setQuota(demo, { floating_ips: 10 });
  });

  it('answers 404 when the pool is exhausted, taking no quota for it', async () => {
    await setQuota(alt, { floating_ips: 50 });
    const held: FloatingIpJson[] = [];
    for (let i = 0; i < POOL_SIZE; i++) held.push(await allocate('alt'));
    expect(new Set(held.map((ip) => ip.ip)).size).toBe(POOL_SIZE);
    expectFault(await call('alt', 'POST', base(alt)), 404, 'itemNotFound', 'No more floating ips available.');
    expect((await absolute('alt', alt)).totalFloatingIpsUsed).toBe(POOL_SIZE);
    await releaseAll('alt', alt);
    expect((await call('alt', 'GET', base(alt))).json().floating_ips).toEqual([]);
  });

  it('rebuilds the floating IP read model from the log equal to the live one (npm run replay)', async () => {
    await allocate('demo');
    const run = spawnSync(process.execPath, [join(__dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(__dirname, '..', '..', 'scripts', 'replay.ts')], {
      env: { ...process.env, DATABASE_URL: gw.database.url }, encoding: 'utf8', timeout: 60_000,
    });
    expect(`${run.stdout}${run.stderr}`).toContain('api-gateway/api-gateway-floating-ips: equal');
    await releaseAll('demo', demo);
  }, 90_000);
});
