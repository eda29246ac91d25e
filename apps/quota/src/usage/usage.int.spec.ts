// Usage follows the resources tenants hold: usage events go from the log through the relay and
// JetStream to the usage consumers, which count them once, in stream order, taking the room of
// the reservation they name instead of counting twice. The audit replays the log and finds
// the stored usage equal, or says where it is not. Real Postgres, real NATS JetStream.

import { randomUUID } from 'node:crypto';
import type { QuotaDeltas } from '@app/contracts';
import { EventRelay, PostgresEventStore, ensureEventsStream, installConsumerTables, installEventStoreSchema, type EventConsumer } from '@app/event-store';
import { createTestContext, type TestContext } from '../../../../test/harness/test-context';
import { waitFor } from '../../../../test/harness/wait-for';
import { EffectiveLimitsReader } from '../limits/effective-limits.reader';
import { installQuotaTables } from '../migrations/install-quota-tables';
import { QuotaUsagesRepository } from '../reservations/quota-usages.repository';
import { ReservationHandler } from '../reservations/reservation.handler';
import { ReservationsRepository } from '../reservations/reservations.repository';
import { UsageApplier } from './usage-applier';
import { auditUsage } from './usage-audit';
import { usageConsumers } from './usage-consumers';
import { UsageHoldingsRepository } from './usage-holdings.repository';

describe('usage from events (Postgres + JetStream)', () => {
  let ctx: TestContext;
  let store: PostgresEventStore;
  let usages: QuotaUsagesRepository;
  let reservations: ReservationHandler;
  let relay: EventRelay;
  let consumers: EventConsumer[];
  let tenantSeq = 0;
  const newTenant = () => `${ctx.id}-t${++tenantSeq}`;
  const meta = (tenantId: string) => ({ correlationId: 'req-usage', tenantId, producer: 'test' });

  /** Appends one event to a new or existing stream, as the owning app would. */
  async function emit(stream: string, type: string, data: Record<string, unknown>): Promise<void> {
    await store.append(stream, 'any', [{ type, data }], meta(String(data.tenantId)));
  }

  async function inUse(tenantId: string): Promise<Record<string, number>> {
    const usage = await usages.read(ctx.db, tenantId);
    return Object.fromEntries(Object.entries(usage).filter(([, u]) => u.inUse !== 0 || u.reserved !== 0).map(([r, u]) => [r, u.inUse]));
  }

  async function reservedOf(tenantId: string): Promise<Record<string, number>> {
    const usage = await usages.read(ctx.db, tenantId);
    return Object.fromEntries(Object.entries(usage).filter(([, u]) => u.reserved !== 0).map(([r, u]) => [r, u.reserved]));
  }

  /** Waits until every usage event in the log is applied, then returns the audit. */
  async function settledAudit() {
    return waitFor('the usage consumers to apply every usage event', async () => {
      const report = await auditUsage({ db: ctx.db, store, schema: ctx.appSchema });
      return report.unapplied === 0 ? report : undefined;
    }, { timeoutMs: 20_000 });
  }

  const reserve = (tenantId: string, deltas: QuotaDeltas) => reservations.reserve({ tenantId, deltas, correlationId: 'req-usage' });

  beforeAll(async () => {
    ctx = await createTestContext();
    await installEventStoreSchema(ctx.pool, ctx.eventStoreSchema);
    await installConsumerTables(ctx.pool, ctx.appSchema);
    await installQuotaTables(ctx.pool, ctx.appSchema);
    await ensureEventsStream(ctx.jsm, ctx.namespace);
    store = new PostgresEventStore(ctx.db, { schema: ctx.eventStoreSchema });
    usages = new QuotaUsagesRepository(ctx.appSchema);
    const reservationRows = new ReservationsRepository(ctx.appSchema);
    reservations = new ReservationHandler(ctx.db, new EffectiveLimitsReader(ctx.appSchema, {}), usages, reservationRows, 60);
    const applier = new UsageApplier(usages, new UsageHoldingsRepository(ctx.appSchema), reservationRows);
    relay = new EventRelay({ store, connectionString: ctx.databaseUrl, js: ctx.js, namespace: ctx.namespace, idlePollMs: 50, leaderRetryMs: 100 });
    relay.start();
    consumers = usageConsumers({ js: ctx.js, jsm: ctx.jsm, namespace: ctx.namespace, db: ctx.db, schema: ctx.appSchema, store, applier, retries: { maxDeliver: 3, backoffMs: [20, 40] } });
    await Promise.all(consumers.map((c) => c.start()));
  });
  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await relay.stop();
    await ctx.dispose();
  });

  it('counts a server from its create request (BUILD, ERROR alike) until it is deleted or abandoned', async () => {
    const tenantId = newTenant();
    const [a, b, c] = [1, 2, 3].map(() => `server-${randomUUID()}`);
    await emit(a, 'ServerCreateRequested', { tenantId, vcpus: 2, ramMb: 2048, name: 'a' });
    await emit(b, 'ServerCreateRequested', { tenantId, vcpus: 1, ramMb: 512 });
    await emit(c, 'ServerCreateRequested', { tenantId, vcpus: 4, ramMb: 8192 });
    await emit(b, 'ServerScheduled', { tenantId });
    await waitFor('three servers counted', async () => (await inUse(tenantId)).instances === 3);
    expect(await inUse(tenantId)).toEqual({ instances: 3, cores: 7, ram: 10752 });
    await emit(a, 'ServerDeleted', { tenantId });
    await emit(c, 'ServerBuildAbandoned', { tenantId });
    await emit(c, 'ServerDeleted', { tenantId });
    await waitFor('two servers released', async () => (await inUse(tenantId)).instances === 1);
    expect(await inUse(tenantId)).toEqual({ instances: 1, cores: 1, ram: 512 });
    expect(await settledAudit()).toMatchObject({ equal: true });
  });

  it('counts floating IPs, security groups and their rules; a group delete releases its rules', async () => {
    const tenantId = newTenant();
    const [ip1, ip2] = [`floatingip-${randomUUID()}`, `floatingip-${randomUUID()}`];
    const [g1, g2] = [`securitygroup-${randomUUID()}`, `securitygroup-${randomUUID()}`];
    await emit(ip1, 'FloatingIpAllocated', { tenantId });
    await emit(ip2, 'FloatingIpAllocated', { tenantId });
    await emit(ip1, 'FloatingIpDeallocated', { tenantId });
    await emit(g1, 'SecurityGroupCreated', { tenantId });
    await emit(g1, 'SecurityGroupRuleCreated', { tenantId, ruleId: '1' });
    await emit(g1, 'SecurityGroupRuleCreated', { tenantId, ruleId: '2' });
    await emit(g2, 'SecurityGroupCreated', { tenantId });
    await emit(g2, 'SecurityGroupRuleCreated', { tenantId, ruleId: '1' });
    await emit(g2, 'SecurityGroupRuleCreated', { tenantId, ruleId: '2' });
    await emit(g2, 'SecurityGroupRuleDeleted', { tenantId, ruleId: '2' });
    await waitFor('groups and rules counted', async () => (await inUse(tenantId)).security_group_rules === 3);
    expect(await inUse(tenantId)).toEqual({ floating_ips: 1, security_groups: 2, security_group_rules: 3 });
    await emit(g1, 'SecurityGroupDeleted', { tenantId });
    await waitFor('a group and its rules released', async () => (await inUse(tenantId)).security_groups === 1);
    expect(await inUse(tenantId)).toEqual({ floating_ips: 1, security_groups: 1, security_group_rules: 1 });
    expect(await settledAudit()).toMatchObject({ equal: true });
  });

  it('turns the reservation a create names into usage instead of counting twice', async () => {
    const tenantId = newTenant();
    const { reservationId } = await reserve(tenantId, { instances: 1, cores: 2, ram: 2048 });
    await emit(`server-${randomUUID()}`, 'ServerCreateRequested', { tenantId, vcpus: 2, ramMb: 2048, reservationId });
    await waitFor('the create counted', async () => (await inUse(tenantId)).instances === 1);
    expect(await inUse(tenantId)).toEqual({ instances: 1, cores: 2, ram: 2048 });
    expect(await reservedOf(tenantId)).toEqual({});
    // Taken whole by its event, the reservation is committed: a late commit is fine, a rollback is not.
    await reservations.commit({ reservationId, correlationId: 'req-usage' });
    await expect(reservations.rollback({ reservationId, correlationId: 'req-usage' })).rejects.toThrow('not found');
    expect(await inUse(tenantId)).toEqual({ instances: 1, cores: 2, ram: 2048 });
    expect(await settledAudit()).toMatchObject({ equal: true });
  });

  it('does not count twice a create whose reservation was committed first, and takes only what the event has', async () => {
    const tenantId = newTenant();
    // A multi-create of three reserved and committed at once; only two servers get created.
    const { reservationId } = await reserve(tenantId, { instances: 3, cores: 3, ram: 1536 });
    await reservations.commit({ reservationId, correlationId: 'req-usage' });
    expect(await inUse(tenantId)).toEqual({ instances: 3, cores: 3, ram: 1536 });
    for (let i = 0; i < 2; i++) await emit(`server-${randomUUID()}`, 'ServerCreateRequested', { tenantId, vcpus: 1, ramMb: 512, reservationId });
    const report = await settledAudit();
    expect(await inUse(tenantId)).toEqual({ instances: 3, cores: 3, ram: 1536 });
    // The third instance is counted ahead of an event that never came: the audit shows it as such.
    expect(report.differences).toEqual([]);
    expect(report.equal).toBe(true);
    expect(report.committedAhead.filter((c) => c.tenantId === tenantId)).toEqual(
      expect.arrayContaining([{ tenantId, resource: 'instances', amount: 1 }, { tenantId, resource: 'cores', amount: 1 }, { tenantId, resource: 'ram', amount: 512 }]),
    );
  });

  it('counts the event in full when its reservation was already released', async () => {
    const tenantId = newTenant();
    const { reservationId } = await reserve(tenantId, { floating_ips: 1 });
    await reservations.rollback({ reservationId, correlationId: 'req-usage' });
    await emit(`floatingip-${randomUUID()}`, 'FloatingIpAllocated', { tenantId, reservationId });
    await waitFor('the allocation counted', async () => (await inUse(tenantId)).floating_ips === 1);
    expect(await reservedOf(tenantId)).toEqual({});
  });

  it('keeps a partly taken reservation holding the rest until it is settled', async () => {
    const tenantId = newTenant();
    const { reservationId } = await reserve(tenantId, { instances: 2, cores: 2, ram: 1024 });
    await emit(`server-${randomUUID()}`, 'ServerCreateRequested', { tenantId, vcpus: 1, ramMb: 512, reservationId });
    await waitFor('the first create counted', async () => (await inUse(tenantId)).instances === 1);
    expect(await reservedOf(tenantId)).toEqual({ instances: 1, cores: 1, ram: 512 });
    await reservations.rollback({ reservationId, correlationId: 'req-usage' });
    expect(await reservedOf(tenantId)).toEqual({});
    expect(await inUse(tenantId)).toEqual({ instances: 1, cores: 1, ram: 512 });
  });

  it('recomputes usage from the log equal to the stored usage, and reports where they differ', async () => {
    const before = await settledAudit();
    expect(before).toMatchObject({ equal: true, differences: [], reservedDifferences: [] });
    expect(before.usageEventsApplied).toBeGreaterThan(20);
    const tenantId = newTenant();
    await emit(`server-${randomUUID()}`, 'ServerCreateRequested', { tenantId, vcpus: 2, ramMb: 1024 });
    await waitFor('the create counted', async () => (await inUse(tenantId)).instances === 1);
    // Someone edits the table behind the app's back.
    await ctx.pool.query(`UPDATE "${ctx.appSchema}".quota_usages SET in_use = in_use + 3, reserved = 1 WHERE tenant_id = $1 AND resource = 'cores'`, [tenantId]);
    const after = await auditUsage({ db: ctx.db, store, schema: ctx.appSchema });
    expect(after.equal).toBe(false);
    expect(after.differences).toEqual([{ tenantId, resource: 'cores', fromLog: 2, inUse: 5, committedAhead: 0 }]);
    expect(after.reservedDifferences).toEqual([{ tenantId, resource: 'cores', reserved: 1, openReservations: 0 }]);
    await ctx.pool.query(`UPDATE "${ctx.appSchema}".quota_usages SET in_use = in_use - 3, reserved = 0 WHERE tenant_id = $1 AND resource = 'cores'`, [tenantId]);
  });

  it('parks an event it cannot count, and the audit shows it unapplied', async () => {
    const tenantId = newTenant();
    await emit(`server-${randomUUID()}`, 'ServerCreateRequested', { tenantId, vcpus: 'two', ramMb: 512 });
    await waitFor('the bad event parked', async () => consumers.some((c) => c.stats.parked > 0), { timeoutMs: 10_000 });
    const report = await auditUsage({ db: ctx.db, store, schema: ctx.appSchema });
    expect(report.unapplied).toBe(1);
    expect(report.equal).toBe(true);
  });
});
