// The quota app's tables, as Nova's quotas, quota_usages and reservations were:
// - tenant_limits: the limits admins set (a projection of QuotaLimitsSet, rebuilt from the log);
// - quota_usages: per tenant and counted resource, what is in use and what open reservations
//   hold; the rows a reserve locks (FOR UPDATE, in resource order);
// - reservations: one row per reservation and resource, with what is still held;
// - usage_holdings: which resource (a server's stream, a rule) holds how much of what, so
//   that usage events count once and release exactly what they counted.

import type { MigrationInterface, QueryRunner } from 'typeorm';

export function createQuotaTablesMigration(schema: string): new () => MigrationInterface {
  const s = `"${schema}"`;
  return class CreateQuotaTables1764500000000 implements MigrationInterface {
    name = 'CreateQuotaTables1764500000000';
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE TABLE ${s}.tenant_limits (
        tenant_id   text    NOT NULL,
        resource    text    NOT NULL,
        hard_limit  integer NOT NULL CHECK (hard_limit >= -1),
        PRIMARY KEY (tenant_id, resource)
      )`);
      await runner.query(`CREATE TABLE ${s}.quota_usages (
        tenant_id  text    NOT NULL,
        resource   text    NOT NULL,
        in_use     integer NOT NULL DEFAULT 0 CHECK (in_use >= 0),
        reserved   integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
        PRIMARY KEY (tenant_id, resource)
      )`);
      await runner.query(`CREATE TABLE ${s}.reservations (
        reservation_id  uuid        NOT NULL,
        resource        text        NOT NULL,
        tenant_id       text        NOT NULL,
        delta           integer     NOT NULL CHECK (delta > 0),
        remaining       integer     NOT NULL CHECK (remaining >= 0),
        state           text        NOT NULL CHECK (state IN ('reserved', 'committed', 'rolled_back', 'expired')),
        expires_at      timestamptz NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        correlation_id  text        NOT NULL,
        PRIMARY KEY (reservation_id, resource)
      )`);
      await runner.query(`CREATE INDEX reservations_open_by_expiry ON ${s}.reservations (expires_at) WHERE state = 'reserved'`);
      await runner.query(`CREATE INDEX reservations_by_age ON ${s}.reservations (created_at)`);
      await runner.query(`CREATE TABLE ${s}.usage_holdings (
        holder     text    NOT NULL,
        resource   text    NOT NULL,
        tenant_id  text    NOT NULL,
        amount     integer NOT NULL CHECK (amount >= 0),
        PRIMARY KEY (holder, resource)
      )`);
      await runner.query(`CREATE INDEX usage_holdings_by_tenant ON ${s}.usage_holdings (tenant_id)`);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE ${s}.usage_holdings, ${s}.reservations, ${s}.quota_usages, ${s}.tenant_limits`);
    }
  };
}
