// The event log's tables, created by a real migration in the event store's own schema.
//
// `position` is a commit position derived from the writing transaction's id (see
// docs/decisions/0001-global-log-positions.md): xid * 2^20 + n for the n-th event the
// transaction appends. Readers of the global log only pass positions of transactions older
// than every transaction still running, so nothing can ever appear behind them.

import type { MigrationInterface, QueryRunner } from 'typeorm';
import { quoteIdent } from './identifiers';

/** Events one transaction may append: the low 20 bits of a position. */
export const EVENTS_PER_TRANSACTION = 1 << 20;

export function eventStoreDdl(schema: string): string[] {
  const s = quoteIdent(schema);
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    `CREATE TABLE IF NOT EXISTS ${s}.events (
       position        bigint      NOT NULL,
       transaction_id  xid8        NOT NULL,
       event_id        uuid        NOT NULL,
       stream_name     text        NOT NULL,
       stream_version  integer     NOT NULL CHECK (stream_version >= 1),
       type            text        NOT NULL,
       schema_version  smallint    NOT NULL DEFAULT 1,
       data            jsonb       NOT NULL,
       metadata        jsonb       NOT NULL,
       recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
       CONSTRAINT events_pkey PRIMARY KEY (position),
       CONSTRAINT events_event_id_key UNIQUE (event_id),
       CONSTRAINT events_stream_version_key UNIQUE (stream_name, stream_version)
     )`,
    `CREATE TABLE IF NOT EXISTS ${s}.relay_checkpoints (
       name        text        PRIMARY KEY,
       position    bigint      NOT NULL,
       updated_at  timestamptz NOT NULL DEFAULT now()
     )`,
  ];
}

/** The TypeORM migration that creates the log in `schema` (idempotent: every app lists it). */
export function eventStoreMigration(schema: string): new () => MigrationInterface {
  return class CreateEventStore1764320000000 implements MigrationInterface {
    name = 'CreateEventStore1764320000000';
    async up(runner: QueryRunner): Promise<void> {
      // Every app runs this migration, and IF NOT EXISTS is not safe against a concurrent
      // CREATE: the first app creates the log while the others wait here.
      await runner.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`nova-es:create-event-store:${schema}`]);
      for (const statement of eventStoreDdl(schema)) await runner.query(statement);
    }
    async down(): Promise<void> {
      // The log is shared by every app: one app's rollback must not drop it.
    }
  };
}

/** Creates the log's tables directly: for tests, benchmarks and tools that run without TypeORM. */
export async function installEventStoreSchema(db: { query(sql: string): Promise<unknown> }, schema: string): Promise<void> {
  for (const statement of eventStoreDdl(schema)) await db.query(statement);
}
