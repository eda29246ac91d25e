// Reserve, commit, roll back and expire against real Postgres, and the race that the row
// locks exist for: many reserves through two handlers on two separate connection pools (two
// replicas, as far as the database can tell) for the last free slots.

import { Pool } from 'pg';
import { InvalidQuotaRequestError, QuotaExceededError, ReservationNotFoundError } from '@app/contracts';
import { PgPoolDb } from '@app/event-store';
import { createTestContext, type TestContext } from '../../../../test/harness/test-context';
import { EffectiveLimitsReader } from '../limits/effective-limits.reader';
import { installQuotaTables } from '../migrations/install-quota-tables';
import { QuotaUsagesRepository } from './quota-usages.repository';
import { ReservationHandler } from './reservation.handler';
import { ReservationsRepository } from './reservations.repository';

describe('ReservationHandler (Postgres)', () => {
  let ctx: TestContext;
  let handler: ReservationHandler;
  let usages: QuotaUsagesRepository;
  const pools: Pool[] = [];
  let tenantSeq = 0;
  const newTenant = () => `${ctx.id}-tenant-${++tenantSeq}`;
  const req = 'req-int';

  function handlerOn(db: PgPoolDb, ttlSeconds = 60): ReservationHandler {
    const configured = { [`${ctx.id}-configured`]: { instances: 2 } };
    return new ReservationHandler(db, new EffectiveLimitsReader(ctx.appSchema, configured), usages, new ReservationsRepository(ctx.appSchema), ttlSeconds);
  }

  async function usage(tenantId: string) {
    return (await usages.read(ctx.db, tenantId));
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    await installQuotaTables(ctx.pool, ctx.appSchema);
    usages = new QuotaUsagesRepository(ctx.appSchema);
    handler = handlerOn(ctx.db);
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await ctx.dispose();
  });

  it('reserves, holding the room as reserved until the commit moves it into use', async () => {
    const tenantId = newTenant();
    const { reservationId, expiresAt } = await handler.reserve({ tenantId, deltas: { instances: 2, cores: 4, ram: 8192 }, correlationId: req });
    expect(reservationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(50_000);
    expect(await usage(tenantId)).toMatchObject({ instances: { inUse: 0, reserved: 2 }, cores: { inUse: 0, reserved: 4 }, ram: { inUse: 0, reserved: 8192 } });
    await handler.commit({ reservationId, correlationId: req });
    expect(await usage(tenantId)).toMatchObject({ instances: { inUse: 2, reserved: 0 }, cores: { inUse: 4, reserved: 0 }, ram: { inUse: 8192, reserved: 0 } });
    // A second commit (a retried request) changes nothing; a rollback now is refused.
    await handler.commit({ reservationId, correlationId: req });
    expect(await usage(tenantId)).toMatchObject({ instances: { inUse: 2, reserved: 0 } });
    await expect(handler.rollback({ reservationId, correlationId: req })).rejects.toThrow(ReservationNotFoundError);
  });

  it('rolls back, releasing the room; a second rollback is a no-op and a commit is refused', async () => {
    const tenantId = newTenant();
    const { reservationId } = await handler.reserve({ tenantId, deltas: { floating_ips: 3 }, correlationId: req });
    await handler.rollback({ reservationId, correlationId: req });
    expect(await usage(tenantId)).toMatchObject({ floating_ips: { inUse: 0, reserved: 0 } });
    await handler.rollback({ reservationId, correlationId: req });
    await expect(handler.commit({ reservationId, correlationId: req })).rejects.toThrow(ReservationNotFoundError);
  });

  it('refuses an unknown reservation', async () => {
    await expect(handler.commit({ reservationId: '00000000-0000-4000-8000-000000000000', correlationId: req })).rejects.toThrow(ReservationNotFoundError);
    await expect(handler.rollback({ reservationId: '00000000-0000-4000-8000-000000000000', correlationId: req })).rejects.toThrow(ReservationNotFoundError);
  });

  it('refuses over the limit, naming the resource, the limit, what is used (committed + reserved) and what was asked', async () => {
    const tenantId = newTenant();
    const committed = await handler.reserve({ tenantId, deltas: { cores: 12 }, correlationId: req });
    await handler.commit({ ...committed, correlationId: req });
    await handler.reserve({ tenantId, deltas: { cores: 6 }, correlationId: req });
    const refusal = await handler.reserve({ tenantId, deltas: { instances: 1, cores: 4 }, correlationId: req }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(QuotaExceededError);
    expect(refusal).toMatchObject({ resource: 'cores', limit: 20, used: 18, requested: 4 });
    // Nothing of the refused request is held.
    expect(await usage(tenantId)).toMatchObject({ instances: { inUse: 0, reserved: 0 }, cores: { inUse: 12, reserved: 6 } });
  });

  it('applies the configured per-tenant limits', async () => {
    await handler.reserve({ tenantId: `${ctx.id}-configured`, deltas: { instances: 2 }, correlationId: req });
    await expect(handler.reserve({ tenantId: `${ctx.id}-configured`, deltas: { instances: 1 }, correlationId: req })).rejects.toMatchObject({ limit: 2, used: 2 });
  });

  it('refuses malformed deltas', async () => {
    await expect(handler.reserve({ tenantId: newTenant(), deltas: { metadata_items: 1 }, correlationId: req })).rejects.toThrow(InvalidQuotaRequestError);
  });

  it('expires a reservation past its time, once, however many sweepers race for it', async () => {
    const tenantId = newTenant();
    const short = handlerOn(ctx.db, 1);
    const { reservationId } = await short.reserve({ tenantId, deltas: { instances: 3 }, correlationId: req });
    const reservations = new ReservationsRepository(ctx.appSchema);
    expect(await reservations.expired(ctx.db, 100)).not.toContainEqual({ reservationId, tenantId });
    await ctx.pool.query(`UPDATE "${ctx.appSchema}".reservations SET expires_at = now() - interval '1 second' WHERE reservation_id = $1`, [reservationId]);
    expect(await reservations.expired(ctx.db, 100)).toContainEqual({ reservationId, tenantId });
    const outcomes = await Promise.all([handler.expire(reservationId), handlerOn(ctx.db).expire(reservationId), handler.expire(reservationId)]);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await usage(tenantId)).toMatchObject({ instances: { inUse: 0, reserved: 0 } });
    await expect(handler.commit({ reservationId, correlationId: req })).rejects.toThrow(ReservationNotFoundError);
    await handler.rollback({ reservationId, correlationId: req });
  });

  it('lets exactly the free slots through when 60 reserves race on two pools (two replicas)', async () => {
    const tenantId = newTenant();
    const held = await handler.reserve({ tenantId, deltas: { instances: 15 }, correlationId: req });
    await handler.commit({ ...held, correlationId: req });
    const replicas = [0, 1].map(() => {
      const pool = new Pool({ connectionString: ctx.databaseUrl, max: 10 });
      pools.push(pool);
      return handlerOn(new PgPoolDb(pool));
    });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) => replicas[i % 2].reserve({ tenantId, deltas: { instances: 1, cores: 1 }, correlationId: `${req}-${i}` })),
    );
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => o.reason);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
    expect(refused).toHaveLength(55);
    for (const error of refused) expect(error).toMatchObject({ resource: 'instances', limit: 20, used: 20, requested: 1 });
    expect(await usage(tenantId)).toMatchObject({ instances: { inUse: 15, reserved: 5 }, cores: { inUse: 0, reserved: 5 } });
  });
});
