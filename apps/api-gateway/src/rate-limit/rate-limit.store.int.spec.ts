// The shared rate-limit counters against real Postgres: a limit admits exactly `value` requests
// however many replicas race for them, a request hitting two limits takes from both or
// neither, tenants are counted apart, and empty buckets are swept.

import type { PinoLogger, PlatformConfig } from '@app/platform';
import { createTestContext, type TestContext } from '../../../../test/harness/test-context';
import { createRateLimitCountersMigration } from '../migrations/create-rate-limit-counters.migration';
import { type RateLimit, limitKey } from './rate-limit';
import { bucketStatus } from './rate-limit-bucket';
import { RateLimitTable } from './rate-limit-table';
import { RateLimitStore } from './rate-limit.store';

const broad: RateLimit = { verb: 'GET', uri: '*', regex: '.*', value: 10, unit: 'MINUTE' };
const narrow: RateLimit = { verb: 'GET', uri: '*changes-since*', regex: '.*changes-since.*', value: 2, unit: 'HOUR' };
const log = { warn: () => undefined } as unknown as PinoLogger;

describe('RateLimitStore (Postgres)', () => {
  let ctx: TestContext;
  let replicas: RateLimitStore[];

  const remaining = async (tenant: string, limit: RateLimit) => {
    const reading = (await replicas[0].read(tenant, [limit])).get(limitKey(limit))!;
    return bucketStatus(limit, reading.tat, reading.now).remaining;
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    await ctx.pool.query(`CREATE SCHEMA "${ctx.appSchema}"`);
    const Migration = createRateLimitCountersMigration(ctx.appSchema);
    await new Migration().up({ query: (sql: string, params?: unknown[]) => ctx.pool.query(sql, params) } as never);
    const table = new RateLimitTable([broad, narrow]);
    replicas = [0, 1, 2].map(() => new RateLimitStore(ctx.db, table, { appSchema: ctx.appSchema } as PlatformConfig, log));
  });
  afterAll(() => ctx.dispose());

  it('admits exactly `value` requests to replicas racing for them', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => replicas[i % 3].take('t-race', [broad])));
    expect(results.filter((r) => r === undefined)).toHaveLength(10);
    const refusals = results.filter((r) => r !== undefined);
    expect(refusals).toHaveLength(20);
    for (const refusal of refusals) {
      expect(refusal!.limit).toEqual(broad);
      expect(refusal!.waitMicros).toBeGreaterThan(0);
      expect(refusal!.waitMicros).toBeLessThanOrEqual(6_000_000);
    }
    expect(await remaining('t-race', broad)).toBe(0);
  });

  it('takes from every limit a request hits, or from none of them', async () => {
    expect(await replicas[0].take('t-both', [broad, narrow])).toBeUndefined();
    expect(await replicas[1].take('t-both', [narrow, broad])).toBeUndefined();
    expect([await remaining('t-both', broad), await remaining('t-both', narrow)]).toEqual([8, 0]);
    const refusal = await replicas[2].take('t-both', [broad, narrow]);
    expect(refusal?.limit).toEqual(narrow);
    expect(refusal!.waitMicros).toBeGreaterThan(1700 * 1_000_000);
    expect(await remaining('t-both', broad)).toBe(8);
    const racing = await Promise.all(Array.from({ length: 12 }, (_, i) => replicas[i % 3].take('t-both', i % 2 ? [broad, narrow] : [broad])));
    expect(racing.filter((r) => r === undefined)).toHaveLength(6);
    expect(await remaining('t-both', broad)).toBe(2);
  });

  it('counts each tenant apart, and reads an untouched limit as full', async () => {
    expect(await remaining('t-fresh', broad)).toBe(10);
    expect(await replicas[0].take('t-fresh', [broad])).toBeUndefined();
    expect(await remaining('t-fresh', broad)).toBe(9);
    expect(await remaining('t-race', broad)).toBe(0);
  });

  it('sweeps counters whose bucket is empty, and only those', async () => {
    await ctx.pool.query(`INSERT INTO "${ctx.appSchema}".rate_limit_counters VALUES ('t-old', $1, now() - interval '1 minute')`, [limitKey(broad)]);
    expect(await replicas[0].sweep()).toBe(1);
    const { rows } = await ctx.pool.query(`SELECT DISTINCT tenant_id FROM "${ctx.appSchema}".rate_limit_counters ORDER BY 1`);
    expect(rows.map((r) => r.tenant_id)).toEqual(['t-both', 't-fresh', 't-race']);
  });
});
