// Fixed and floating IP allocation against real Postgres: addresses from the pool but never
// its network, gateway or broadcast address; release and re-allocation; exhaustion of a /29
// as PoolExhaustedError; many allocations through two handlers on two connection pools (two
// replicas, as far as the database can tell) never handing out an address twice; server
// release that keeps the tenant's own floating IPs; tenant isolation; and the events.

import { Pool } from 'pg';
import {
  AutoAssignedFloatingIpError, FloatingIpInUseError, FloatingIpNotAssociatedError, FloatingIpNotFoundError, InvalidNetworkRequestError, NetworkEventType, PoolExhaustedError,
} from '@app/contracts';
import { parseCidr } from '@app/domain';
import { installEventStoreSchema, PgPoolDb, PostgresEventStore } from '@app/event-store';
import { createTestContext, type TestContext } from '../../../../test/harness/test-context';
import { installNetworkTables } from '../migrations/install-network-tables';
import { AddressAllocator } from './address-allocator';
import { AllocatedAddressesRepository } from './allocated-addresses.repository';
import { FixedIpHandler } from './fixed-ip.handler';
import { FloatingIpHandler } from './floating-ip.handler';
import { NetworkEventWriter } from './network-event-writer';
import { ServerAddressesHandler } from './server-addresses.handler';

const FIXED = parseCidr('10.9.0.0/29');
const FLOATING = parseCidr('15.9.0.0/29');
const POOL_SIZE = 5;

describe('IP allocation (Postgres)', () => {
  let ctx: TestContext;
  let store: PostgresEventStore;
  const pools: Pool[] = [];
  let seq = 0;
  const tenant = () => `${ctx.id}-tenant-${++seq}`;
  const server = () => `server-${++seq}`;
  const req = 'req-ipam-int';

  function handlersOn(db: PgPoolDb) {
    const addresses = new AllocatedAddressesRepository(ctx.appSchema);
    const allocator = new AddressAllocator(addresses);
    const events = new NetworkEventWriter(new PostgresEventStore(db, { schema: ctx.eventStoreSchema }));
    return {
      fixed: new FixedIpHandler(db, addresses, allocator, events, FIXED),
      floating: new FloatingIpHandler(db, addresses, allocator, events, FLOATING),
      servers: new ServerAddressesHandler(db, addresses, events),
    };
  }
  let h: ReturnType<typeof handlersOn>;

  async function clear(): Promise<void> {
    await ctx.pool.query(`DELETE FROM "${ctx.appSchema}".allocated_addresses`);
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    await ctx.pool.query(`CREATE SCHEMA IF NOT EXISTS "${ctx.eventStoreSchema}"`);
    await installEventStoreSchema(ctx.pool, ctx.eventStoreSchema);
    await installNetworkTables(ctx.pool, ctx.appSchema);
    store = new PostgresEventStore(ctx.db, { schema: ctx.eventStoreSchema });
    h = handlersOn(ctx.db);
  });
  beforeEach(clear);
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await ctx.dispose();
  });

  it('gives a server one fixed IP from the pool, the same one when asked again, and an event', async () => {
    const tenantId = tenant();
    const serverId = server();
    const ip = await h.fixed.allocate({ tenantId, serverId, correlationId: req });
    expect(ip.address).toMatch(/^10\.9\.0\.[2-6]$/);
    expect(await h.fixed.allocate({ tenantId, serverId, correlationId: req })).toEqual(ip);
    const events = await store.readStream(`fixedip-${ip.address}`);
    expect(events.map((e) => [e.type, e.data])).toEqual([[NetworkEventType.FixedIpAllocated, { tenantId, serverId, address: ip.address }]]);
    expect(events[0].metadata).toMatchObject({ correlationId: req, tenantId, producer: 'network' });
  });

  it('hands out exactly the /29 without network, gateway and broadcast, then PoolExhaustedError; a release makes room again', async () => {
    const tenantId = tenant();
    const servers = Array.from({ length: POOL_SIZE }, server);
    const taken = [];
    for (const serverId of servers) taken.push((await h.fixed.allocate({ tenantId, serverId, correlationId: req })).address);
    expect(taken.sort()).toEqual(['10.9.0.2', '10.9.0.3', '10.9.0.4', '10.9.0.5', '10.9.0.6']);
    const refusal = await h.fixed.allocate({ tenantId, serverId: server(), correlationId: req }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(PoolExhaustedError);
    expect(refusal).toMatchObject({ pool: 'fixed', cidr: '10.9.0.0/29', message: 'No more fixed IP addresses: every address of 10.9.0.0/29 is allocated' });

    const released = await h.servers.release({ tenantId, serverId: servers[2], correlationId: req });
    expect(released.releasedFixedIps).toHaveLength(1);
    const again = await h.fixed.allocate({ tenantId, serverId: server(), correlationId: req });
    expect(again.address).toBe(released.releasedFixedIps[0]);
    // The address's stream is its history across tests: the last three are this test's.
    const history = await store.readStream(`fixedip-${again.address}`);
    expect(history.slice(-3).map((e) => e.type)).toEqual(['FixedIpAllocated', 'FixedIpReleased', 'FixedIpAllocated']);
  });

  it('never hands out an address twice: 60 concurrent floating allocations through two pools for 5 addresses', async () => {
    const replicas = [0, 1].map(() => {
      const pool = new Pool({ connectionString: ctx.databaseUrl, max: 10 });
      pools.push(pool);
      return handlersOn(new PgPoolDb(pool));
    });
    const tenantId = tenant();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) => replicas[i % 2].floating.allocate({ tenantId, correlationId: `${req}-${i}` })),
    );
    const ips = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.ip] : []));
    const refusals = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(new Set(ips).size).toBe(ips.length);
    expect(ips).toHaveLength(POOL_SIZE);
    expect(refusals).toHaveLength(60 - POOL_SIZE);
    for (const r of refusals) expect(r).toBeInstanceOf(PoolExhaustedError);
  });

  it('allocates, associates, disassociates and deallocates a floating IP, each an event in floatingip-<id>', async () => {
    const tenantId = tenant();
    const serverId = server();
    const fixed = await h.fixed.allocate({ tenantId, serverId, correlationId: req });
    const ip = await h.floating.allocate({ tenantId, reservationId: 'r-1', correlationId: req });
    expect(ip).toMatchObject({ tenantId, pool: 'nova', fixedIp: null, instanceId: null, autoAssigned: false });
    expect(ip.id).toBeGreaterThan(0);
    const associated = await h.floating.associate({ tenantId, address: ip.ip, serverId, fixedIp: fixed.address, correlationId: req });
    expect(associated).toMatchObject({ instanceId: serverId, fixedIp: fixed.address });
    expect(await h.floating.associate({ tenantId, address: ip.ip, serverId, fixedIp: fixed.address, correlationId: req })).toEqual(associated);
    await expect(h.floating.associate({ tenantId, address: ip.ip, serverId: 'other', fixedIp: fixed.address, correlationId: req })).rejects.toThrow(FloatingIpInUseError);
    await expect(h.floating.disassociate({ tenantId, address: ip.ip, serverId: 'other', correlationId: req })).rejects.toThrow(FloatingIpNotAssociatedError);
    expect(await h.floating.disassociate({ tenantId, address: ip.ip, serverId, correlationId: req })).toMatchObject({ instanceId: null, fixedIp: null });
    await expect(h.floating.associate({ tenantId, address: ip.ip, serverId, fixedIp: '10.9.0.99', correlationId: req })).rejects.toThrow(InvalidNetworkRequestError);
    await h.floating.deallocate({ tenantId, id: ip.id, correlationId: req });
    await expect(h.floating.get(tenantId, ip.id)).rejects.toThrow(FloatingIpNotFoundError);

    const events = await store.readStream(`floatingip-${ip.id}`);
    expect(events.map((e) => e.type)).toEqual(['FloatingIpAllocated', 'FloatingIpAssociated', 'FloatingIpDisassociated', 'FloatingIpDeallocated']);
    expect(events[0].data).toEqual({ tenantId, reservationId: 'r-1', floatingIpId: ip.id, address: ip.ip, pool: 'nova', autoAssigned: false });
    expect(events[3].data).toEqual({ tenantId, floatingIpId: ip.id, address: ip.ip });
  });

  it("releases a server's fixed and auto-assigned floating IPs, and only disassociates the tenant's own", async () => {
    const tenantId = tenant();
    const serverId = server();
    const fixed = await h.fixed.allocate({ tenantId, serverId, correlationId: req });
    const auto = await h.floating.allocate({ tenantId, autoAssignTo: { serverId, fixedIp: fixed.address }, correlationId: req });
    expect(auto).toMatchObject({ autoAssigned: true, instanceId: serverId, fixedIp: fixed.address });
    const own = await h.floating.allocate({ tenantId, correlationId: req });
    await h.floating.associate({ tenantId, address: own.ip, serverId, fixedIp: fixed.address, correlationId: req });

    expect(await h.servers.release({ tenantId, serverId, correlationId: req })).toEqual({
      releasedFixedIps: [fixed.address], releasedFloatingIps: [auto.ip], disassociatedFloatingIps: [own.ip],
    });
    expect(await h.floating.list(tenantId)).toEqual([{ ...own, instanceId: null, fixedIp: null }]);
    expect(await h.servers.release({ tenantId, serverId, correlationId: req })).toEqual({ releasedFixedIps: [], releasedFloatingIps: [], disassociatedFloatingIps: [] });
    expect((await store.readStream(`floatingip-${auto.id}`)).map((e) => e.type)).toEqual(['FloatingIpAllocated', 'FloatingIpAssociated', 'FloatingIpDisassociated', 'FloatingIpDeallocated']);
  });

  it('refuses the tenant a disassociate or deallocate of an auto-assigned floating IP: it goes with its server', async () => {
    const tenantId = tenant();
    const serverId = server();
    const fixed = await h.fixed.allocate({ tenantId, serverId, correlationId: req });
    const auto = await h.floating.allocate({ tenantId, autoAssignTo: { serverId, fixedIp: fixed.address }, correlationId: req });
    await expect(h.floating.disassociate({ tenantId, address: auto.ip, serverId, correlationId: req })).rejects.toThrow(new AutoAssignedFloatingIpError(auto.ip, 'disassociate'));
    await expect(h.floating.deallocate({ tenantId, id: auto.id, correlationId: req })).rejects.toThrow(new AutoAssignedFloatingIpError(auto.ip, 'deallocate'));
    expect(await h.floating.get(tenantId, auto.id)).toEqual(auto);
    expect((await store.readStream(`floatingip-${auto.id}`)).map((e) => e.type)).toEqual(['FloatingIpAllocated', 'FloatingIpAssociated']);
    expect((await h.servers.release({ tenantId, serverId, correlationId: req })).releasedFloatingIps).toEqual([auto.ip]);
  });

  it("never shows or touches another tenant's floating IP", async () => {
    const owner = tenant();
    const other = tenant();
    const ip = await h.floating.allocate({ tenantId: owner, correlationId: req });
    expect(await h.floating.list(other)).toEqual([]);
    await expect(h.floating.get(other, ip.id)).rejects.toThrow(FloatingIpNotFoundError);
    await expect(h.floating.deallocate({ tenantId: other, id: ip.id, correlationId: req })).rejects.toThrow(FloatingIpNotFoundError);
    await expect(h.floating.disassociate({ tenantId: other, address: ip.ip, correlationId: req })).rejects.toThrow(FloatingIpNotFoundError);
    expect(await h.floating.get(owner, ip.id)).toEqual(ip);
  });
});
