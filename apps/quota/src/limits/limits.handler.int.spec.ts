// An admin's change of a tenant's limits is the event QuotaLimitsSet in `quota-<tenantId>`;
// the effective limits are a projection of such events over the operator's configuration and
// the defaults, rebuilt from the log equal to the live one. Real Postgres.

import { InvalidQuotaRequestError } from '@app/contracts';
import { PostgresEventStore, installEventStoreSchema, replayProjection } from '@app/event-store';
import { createTestContext, type TestContext } from '../../../../test/harness/test-context';
import { installQuotaTables } from '../migrations/install-quota-tables';
import { QuotaUsagesRepository } from '../reservations/quota-usages.repository';
import { EffectiveLimitsReader } from './effective-limits.reader';
import { LimitsHandler } from './limits.handler';
import { tenantLimitsProjection } from './tenant-limits.projection';

describe('LimitsHandler (Postgres)', () => {
  let ctx: TestContext;
  let store: PostgresEventStore;
  let handler: LimitsHandler;
  const tenant = (n: string) => `${ctx.id}${n}`;
  const update = (tenantId: string, limits: Record<string, unknown>) =>
    handler.update({ tenantId, limits: limits as never, correlationId: 'req-limits', userId: 'admin-user' });

  beforeAll(async () => {
    ctx = await createTestContext();
    await installEventStoreSchema(ctx.pool, ctx.eventStoreSchema);
    await installQuotaTables(ctx.pool, ctx.appSchema);
    store = new PostgresEventStore(ctx.db, { schema: ctx.eventStoreSchema });
    const configured = { [tenant('1')]: { instances: 50, cores: 40 } };
    handler = new LimitsHandler(ctx.db, store, ctx.appSchema, new EffectiveLimitsReader(ctx.appSchema, configured), new QuotaUsagesRepository(ctx.appSchema));
  });
  afterAll(() => ctx.dispose());

  it('answers the defaults, and a tenant without changes gets them with nothing in use', async () => {
    expect(handler.defaults()).toMatchObject({ instances: 20, cores: 20, ram: 102400, floating_ips: 10 });
    const answer = await handler.limitsOf({ tenantId: tenant('fresh') });
    expect(answer.limits).toEqual(handler.defaults());
    expect(answer.inUse).toEqual({ instances: 0, cores: 0, ram: 0, floating_ips: 0, security_groups: 0, security_group_rules: 0 });
  });

  it('layers the configured limits over the defaults', async () => {
    expect((await handler.limitsOf({ tenantId: tenant('1') })).limits).toMatchObject({ instances: 50, cores: 40, ram: 102400 });
  });

  it('records a change as QuotaLimitsSet, with the admin and the request in its metadata, and applies it over the configuration', async () => {
    const limits = await update(tenant('1'), { cores: -1, ram: 51200 });
    expect(limits).toMatchObject({ instances: 50, cores: -1, ram: 51200 });
    await update(tenant('1'), { ram: 4096 });
    const events = await store.readStream(`quota-${tenant('1')}`);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['QuotaLimitsSet', { tenantId: tenant('1'), limits: { cores: -1, ram: 51200 } }],
      ['QuotaLimitsSet', { tenantId: tenant('1'), limits: { ram: 4096 } }],
    ]);
    expect(events[0].metadata).toMatchObject({ correlationId: 'req-limits', tenantId: tenant('1'), producer: 'quota', userId: 'admin-user' });
    expect((await handler.limitsOf({ tenantId: tenant('1') })).limits).toMatchObject({ instances: 50, cores: -1, ram: 4096 });
  });

  it('refuses a change it cannot apply, and records nothing', async () => {
    await expect(update(tenant('2'), { volumes: 1 })).rejects.toThrow(InvalidQuotaRequestError);
    await expect(update(tenant('2'), { cores: -7 })).rejects.toThrow('cores must be an integer >= -1');
    await expect(update(tenant('2'), {})).rejects.toThrow('at least one limit');
    expect(await store.readStream(`quota-${tenant('2')}`)).toEqual([]);
  });

  it('lets two admins change one tenant at once, both recorded in order', async () => {
    await Promise.all([update(tenant('3'), { instances: 7 }), update(tenant('3'), { cores: 9 })]);
    expect(await store.readStream(`quota-${tenant('3')}`)).toHaveLength(2);
    expect((await handler.limitsOf({ tenantId: tenant('3') })).limits).toMatchObject({ instances: 7, cores: 9 });
  });

  it('rebuilds tenant_limits from the log equal to the live table', async () => {
    const report = await replayProjection({ db: ctx.db, store, projection: tenantLimitsProjection, schema: ctx.appSchema });
    expect(report).toMatchObject({ equal: true, eventsApplied: 4 });
  });
});
