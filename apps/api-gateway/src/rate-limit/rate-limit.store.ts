// The rate-limit counters in Postgres, so that every gateway replica enforces one budget per
// tenant. Taking a request is one atomic upsert per limit (the leaky bucket of
// rate-limit-bucket.ts, in SQL); a request that hits several limits takes from all of them or
// from none, in one transaction that locks their rows in key order (no deadlocks). The clock is
// the database's, so replicas with skewed clocks still agree.

import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { SqlTx, SqlDb } from '@app/event-store';
import { APP_DB, PINO_LOGGER, PlatformConfig, type PinoLogger } from '@app/platform';
import { type RateLimit, capacityMicros, emissionMicros, limitKey } from './rate-limit';
import { waitMicros } from './rate-limit-bucket';
import { RateLimitTable } from './rate-limit-table';

/** A request refused: the limit with the longest wait, and that wait. */
export interface RateLimitRefusal {
  limit: RateLimit;
  waitMicros: number;
}

/** A limit's counter as stored: its tat (undefined: an empty bucket) and the database's now. */
export interface CounterReading {
  tat: number | undefined;
  now: number;
}

const SWEEP_EVERY_MS = 60_000;
const MICROS = (column: string) => `(extract(epoch FROM ${column}) * 1000000)::bigint`;
const MICROSECONDS = (param: string) => `(${param}::float8 * interval '1 microsecond')`;

class Refused extends Error {
  constructor(readonly refusal: RateLimitRefusal) {
    super('rate limited');
  }
}

@Injectable()
export class RateLimitStore implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly table: string;
  private sweeper?: NodeJS.Timeout;

  constructor(
    @Inject(APP_DB) private readonly db: SqlDb,
    private readonly limits: RateLimitTable,
    platform: PlatformConfig,
    @Inject(PINO_LOGGER) private readonly log: PinoLogger,
  ) {
    this.table = `"${platform.appSchema}".rate_limit_counters`;
  }

  /** Takes one request from each limit, all or none. Undefined when admitted. */
  async take(tenantId: string, limits: RateLimit[]): Promise<RateLimitRefusal | undefined> {
    if (limits.length === 0) return undefined;
    if (limits.length === 1) return this.takeOne(this.db, tenantId, limits[0]);
    const ordered = [...limits].sort((a, b) => (limitKey(a) < limitKey(b) ? -1 : 1));
    try {
      await this.db.transaction(async (tx) => {
        const refusals: RateLimitRefusal[] = [];
        for (const limit of ordered) {
          const refusal = await this.takeOne(tx, tenantId, limit);
          if (refusal) refusals.push(refusal);
        }
        if (refusals.length > 0) throw new Refused(refusals.reduce((a, b) => (b.waitMicros > a.waitMicros ? b : a)));
      });
      return undefined;
    } catch (error) {
      if (error instanceof Refused) return error.refusal;
      throw error;
    }
  }

  /** The tenant's counters for these limits, keyed by limitKey, read at the database's now. */
  async read(tenantId: string, limits: readonly RateLimit[]): Promise<Map<string, CounterReading>> {
    const { rows } = await this.db.query<{ limit_key: string; tat: string | null; now: string }>(
      `SELECT k.key AS limit_key, ${MICROS('c.tat')} AS tat, ${MICROS('now()')} AS now
         FROM unnest($2::text[]) AS k(key)
         LEFT JOIN ${this.table} c ON c.tenant_id = $1 AND c.limit_key = k.key`,
      [tenantId, limits.map(limitKey)],
    );
    return new Map(rows.map((r) => [r.limit_key, { tat: r.tat === null ? undefined : Number(r.tat), now: Number(r.now) }]));
  }

  onApplicationBootstrap(): void {
    if (!this.limits.enabled) return;
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  /** Deletes counters whose bucket is empty: they say nothing a missing row does not. */
  async sweep(): Promise<number> {
    try {
      const { rowCount } = await this.db.query(`DELETE FROM ${this.table} WHERE tat < now()`);
      return rowCount ?? 0;
    } catch (error) {
      this.log.warn({ err: error }, 'rate-limit sweep failed');
      return 0;
    }
  }

  /** One request into one limit's bucket (take() of rate-limit-bucket.ts, atomically). */
  private async takeOne(q: Pick<SqlTx, 'query'>, tenantId: string, limit: RateLimit): Promise<RateLimitRefusal | undefined> {
    const key = limitKey(limit);
    const { rowCount } = await q.query(
      `INSERT INTO ${this.table} AS c (tenant_id, limit_key, tat) VALUES ($1, $2, now() + ${MICROSECONDS('$3')})
       ON CONFLICT (tenant_id, limit_key) DO UPDATE
         SET tat = GREATEST(c.tat, now()) + ${MICROSECONDS('$3')}
         WHERE GREATEST(c.tat, now()) + ${MICROSECONDS('$3')} <= now() + ${MICROSECONDS('$4')}`,
      [tenantId, key, emissionMicros(limit), capacityMicros(limit)],
    );
    if (rowCount === 1) return undefined;
    const { rows } = await q.query<{ tat: string; now: string }>(
      `SELECT ${MICROS('tat')} AS tat, ${MICROS('now()')} AS now FROM ${this.table} WHERE tenant_id = $1 AND limit_key = $2`,
      [tenantId, key],
    );
    const row = rows[0];
    return { limit, waitMicros: row ? waitMicros(limit, Number(row.tat), Number(row.now)) : 0 };
  }
}
