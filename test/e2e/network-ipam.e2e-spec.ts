// The network service as two built processes (two replicas in the NATS queue group `network`)
// against a scratch database, asked over NATS through the NetworkClient every app gets from
// networkClientProvider. The proof that no address is handed out twice: 120 concurrent
// floating and 120 concurrent fixed allocations into /27 pools (29 addresses each) across both
// replicas give exactly 29 addresses each, all different, and PoolExhaustedError for the rest.
// Then release and re-allocation, a server's release keeping the tenant's own floating IP,
// tenant isolation, the events in the log, and a bad pool setting refused at start.

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Pool } from 'pg';
import { FloatingIpNotFoundError, InvalidNetworkRequestError, type FloatingIp, PoolExhaustedError } from '@app/contracts';
import { createNetworkClient, type NetworkRpcClient } from '@app/platform';
import { waitFor } from '../harness/wait-for';
import { AppProcess, mainOf } from './support/app-process';
import { freePort } from './support/free-port';
import { get } from './support/http';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { deleteEventsStream } from './support/events-stream';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const FIXED_IP_RANGE = '10.20.0.0/27';
const FLOATING_IP_RANGE = '15.185.96.0/27';
const POOL_SIZE = 29;
const CONCURRENT = 120;

describe('the network service, two replicas over NATS', () => {
  const namespace = `n${randomBytes(4).toString('hex')}`;
  const replicas: { process: AppProcess; port: number }[] = [];
  let database: ScratchDatabase;
  let pool: Pool;
  let network: NetworkRpcClient;
  let seq = 0;
  const tenant = () => `${namespace}-tenant-${++seq}`;
  const req = (n: string | number) => `req-network-e2e-${n}`;
  const diagnostics = () => replicas.map((r, i) => `--- network #${i + 1}\n${r.process.tail()}`).join('\n');

  async function startReplica(env: Record<string, string> = {}): Promise<{ process: AppProcess; port: number }> {
    const port = await freePort();
    const child = new AppProcess('network', {
      DATABASE_URL: database.url, NATS_URL, NATS_NAMESPACE: namespace, NETWORK_PORT: String(port),
      FIXED_IP_RANGE, FLOATING_IP_RANGE, LOG_LEVEL: 'warn', ...env,
    });
    return { process: child, port };
  }

  async function served(port: number, pattern: string): Promise<number> {
    const text = (await get(`http://127.0.0.1:${port}/metrics`)).text;
    const lines = text.matchAll(/^nova_network_requests_total\{([^}]*)\} (\d+)$/gm);
    return [...lines].filter((m) => m[1].includes(`pattern="${pattern}"`)).reduce((n, m) => n + Number(m[2]), 0);
  }

  async function eventCount(type: string, tenantIds: string[]): Promise<number> {
    const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM event_store.events WHERE type = $1 AND metadata->>'tenantId' = ANY($2)`, [type, tenantIds]);
    return Number(rows[0].n);
  }

  beforeAll(async () => {
    if (!existsSync(mainOf('network'))) throw new Error('build the network app first: npx nest build network');
    database = await createScratchDatabase('network');
    pool = new Pool({ connectionString: database.url, max: 4 });
    for (let i = 0; i < 2; i++) {
      const replica = await startReplica();
      replicas.push(replica);
      await waitFor(`network replica ${i + 1} ready`, async () => (await get(`http://127.0.0.1:${replica.port}/readyz`)).status === 200, {
        timeoutMs: 60_000, detail: diagnostics,
      });
    }
    network = createNetworkClient({ natsServers: [NATS_URL], natsNamespace: namespace, name: 'network-e2e' }, { timeoutMs: 20_000 });
  }, 120_000);

  afterAll(async () => {
    await network?.onApplicationShutdown();
    for (const r of replicas) r.process.signal('SIGTERM');
    await Promise.all(replicas.map((r) => r.process.exitWithin(15_000).catch(() => r.process.signal('SIGKILL'))));
    await pool?.end();
    await database?.drop();
    await deleteEventsStream(namespace);
  }, 30_000);

  it(`gives ${CONCURRENT} concurrent floating allocations through both replicas exactly ${POOL_SIZE} different addresses, the rest PoolExhaustedError`, async () => {
    const before = await Promise.all(replicas.map((r) => served(r.port, 'network.allocate-floating-ip')));
    const tenants = [tenant(), tenant(), tenant()];
    const outcomes = await Promise.allSettled(
      Array.from({ length: CONCURRENT }, (_, i) => network.allocateFloatingIp({ tenantId: tenants[i % 3], correlationId: req(`float-${i}`) })),
    );
    const granted = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(granted).toHaveLength(POOL_SIZE);
    expect(new Set(granted.map((ip) => ip.ip)).size).toBe(POOL_SIZE);
    expect(new Set(granted.map((ip) => ip.id)).size).toBe(POOL_SIZE);
    for (const ip of granted) expect(ip.ip).toMatch(/^15\.185\.96\.([2-9]|[12][0-9]|30)$/);
    expect(refused).toHaveLength(CONCURRENT - POOL_SIZE);
    for (const error of refused) expect(error).toMatchObject({ name: 'PoolExhaustedError', pool: 'floating', cidr: FLOATING_IP_RANGE });
    expect(refused[0]).toBeInstanceOf(PoolExhaustedError);
    // Both replicas took part, and every allocation is one FloatingIpAllocated event.
    const after = await Promise.all(replicas.map((r) => served(r.port, 'network.allocate-floating-ip')));
    const share = after.map((n, i) => n - before[i]);
    expect(share[0] + share[1]).toBe(CONCURRENT);
    expect(Math.min(...share)).toBeGreaterThan(0);
    expect(await eventCount('FloatingIpAllocated', tenants)).toBe(POOL_SIZE);

    // Release one, and the next allocation gets exactly that address back.
    const freed = granted[7];
    await network.deallocateFloatingIp({ tenantId: freed.tenantId, id: freed.id, correlationId: req('free') });
    const again = await network.allocateFloatingIp({ tenantId: tenants[0], correlationId: req('again') });
    expect(again.ip).toBe(freed.ip);
    expect(again.id).not.toBe(freed.id);
    await expect(network.allocateFloatingIp({ tenantId: tenants[0], correlationId: req('full') })).rejects.toThrow(PoolExhaustedError);
    expect(await eventCount('FloatingIpDeallocated', tenants)).toBe(1);

    // Give the pool back for the next test.
    const all = [...granted.filter((ip) => ip.id !== freed.id), again];
    await Promise.all(all.map((ip) => network.deallocateFloatingIp({ tenantId: ip.tenantId, id: ip.id, correlationId: req('cleanup') })));
    for (const t of tenants) expect(await network.listFloatingIps({ tenantId: t })).toEqual([]);
  }, 120_000);

  it(`gives ${CONCURRENT} servers building at once ${POOL_SIZE} different fixed IPs, then refuses; a released server makes room`, async () => {
    const tenantId = tenant();
    const outcomes = await Promise.allSettled(
      Array.from({ length: CONCURRENT }, (_, i) => network.allocateFixedIp({ tenantId, serverId: `${namespace}-server-${i}`, correlationId: req(`fixed-${i}`) })),
    );
    const granted = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(granted).toHaveLength(POOL_SIZE);
    expect(new Set(granted.map((ip) => ip.address)).size).toBe(POOL_SIZE);
    expect(granted.map((ip) => ip.address)).not.toContain('10.20.0.0');
    expect(granted.map((ip) => ip.address)).not.toContain('10.20.0.1');
    expect(granted.map((ip) => ip.address)).not.toContain('10.20.0.31');
    for (const error of refused) expect(error).toBeInstanceOf(PoolExhaustedError);
    expect(await eventCount('FixedIpAllocated', [tenantId])).toBe(POOL_SIZE);

    const gone = granted[3];
    expect(await network.releaseServerAddresses({ tenantId, serverId: gone.serverId, correlationId: req('release') })).toEqual({
      releasedFixedIps: [gone.address], releasedFloatingIps: [], disassociatedFloatingIps: [],
    });
    const next = await network.allocateFixedIp({ tenantId, serverId: `${namespace}-server-next`, correlationId: req('next') });
    expect(next.address).toBe(gone.address);
    for (const ip of [...granted.filter((g) => g !== gone), next]) {
      await network.releaseServerAddresses({ tenantId, serverId: ip.serverId, correlationId: req('cleanup') });
    }
  }, 120_000);

  it("builds a server with a fixed and an auto-assigned floating IP, and releases them with it, keeping the tenant's own", async () => {
    const tenantId = tenant();
    const serverId = `${namespace}-built`;
    const fixed = await network.allocateFixedIp({ tenantId, serverId, correlationId: req('build') });
    const auto = await network.allocateFloatingIp({ tenantId, autoAssignTo: { serverId, fixedIp: fixed.address }, correlationId: req('build') });
    expect(auto).toMatchObject({ autoAssigned: true, instanceId: serverId, fixedIp: fixed.address, pool: 'nova' });
    const own = await network.allocateFloatingIp({ tenantId, correlationId: req('own') });
    const associated = await network.associateFloatingIp({ tenantId, address: own.ip, serverId, fixedIp: fixed.address, correlationId: req('add') });
    expect(associated).toMatchObject({ instanceId: serverId, fixedIp: fixed.address, autoAssigned: false });

    const released = await network.releaseServerAddresses({ tenantId, serverId, correlationId: req('delete') });
    expect(released).toEqual({ releasedFixedIps: [fixed.address], releasedFloatingIps: [auto.ip], disassociatedFloatingIps: [own.ip] });
    const left: FloatingIp[] = await network.listFloatingIps({ tenantId });
    expect(left).toEqual([{ ...own, instanceId: null, fixedIp: null }]);
    const { rows } = await pool.query<{ type: string }>(`SELECT type FROM event_store.events WHERE stream_name = $1 ORDER BY stream_version`, [`floatingip-${auto.id}`]);
    expect(rows.map((r) => r.type)).toEqual(['FloatingIpAllocated', 'FloatingIpAssociated', 'FloatingIpDisassociated', 'FloatingIpDeallocated']);
    await network.deallocateFloatingIp({ tenantId, id: own.id, correlationId: req('cleanup') });
  });

  it("never shows or touches another tenant's floating IP", async () => {
    const owner = tenant();
    const other = tenant();
    const ip = await network.allocateFloatingIp({ tenantId: owner, correlationId: req('mine') });
    expect(await network.listFloatingIps({ tenantId: other })).toEqual([]);
    await expect(network.getFloatingIp({ tenantId: other, id: ip.id })).rejects.toThrow(FloatingIpNotFoundError);
    await expect(network.deallocateFloatingIp({ tenantId: other, id: ip.id, correlationId: req('steal') })).rejects.toThrow(FloatingIpNotFoundError);
    await expect(network.associateFloatingIp({ tenantId: other, address: ip.ip, serverId: 's', fixedIp: '10.20.0.2', correlationId: req('steal') })).rejects.toThrow(FloatingIpNotFoundError);
    expect(await network.getFloatingIp({ tenantId: owner, id: ip.id })).toEqual(ip);
    await network.deallocateFloatingIp({ tenantId: owner, id: ip.id, correlationId: req('cleanup') });
  });

  it('refuses a malformed request as InvalidNetworkRequestError, without failing', async () => {
    await expect(network.getFloatingIp({ tenantId: 't', id: -1 })).rejects.toThrow(InvalidNetworkRequestError);
    await expect(network.associateFloatingIp({ tenantId: 't', address: 'nope', serverId: 's', fixedIp: '10.20.0.2', correlationId: 'r' })).rejects.toThrow("address: 'nope' is not an IPv4 address");
  });

  it('refuses to start with a pool outside the spec\'s ranges, in one line', async () => {
    const bad = await startReplica({ FLOATING_IP_RANGE: '192.168.0.0/24' });
    expect(await bad.process.exitWithin(30_000)).toEqual({ code: 1, signal: null });
    expect(bad.process.stderr.join('').trim()).toBe("config: FLOATING_IP_RANGE must lie inside 15.0.0.0/8, got '192.168.0.0/24'");
  });
});
