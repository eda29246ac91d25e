// Rate-limit counters (rate-limit/rate-limit.store.ts), shared by every gateway replica: one row
// per tenant and limit, holding the time its leaky bucket will be empty (tat). A row whose tat
// is past says nothing (an empty bucket) and is swept. UNLOGGED: a counter is worth nothing after
// a crash, and skipping the WAL makes the one write per request cheaper.

import type { MigrationInterface, QueryRunner } from 'typeorm';

export function createRateLimitCountersMigration(schema: string): new () => MigrationInterface {
  return class CreateRateLimitCounters1764400000400 implements MigrationInterface {
    name = 'CreateRateLimitCounters1764400000400';
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE UNLOGGED TABLE "${schema}".rate_limit_counters (
        tenant_id  text        NOT NULL,
        limit_key  text        NOT NULL,
        tat        timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, limit_key)
      )`);
      await runner.query(`CREATE INDEX rate_limit_counters_tat ON "${schema}".rate_limit_counters (tat)`);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${schema}".rate_limit_counters`);
    }
  };
}
