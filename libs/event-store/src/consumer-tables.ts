// The tables a durable event consumer keeps in its app's own schema, written in the same
// transaction as the handler's own changes: which events it processed, how far it got in
// each stream; and, outside it, how often an event failed and the poison messages it parked.

import type { MigrationInterface, QueryRunner } from 'typeorm';
import { quoteIdent } from './identifiers';

export function consumerTablesDdl(schema: string): string[] {
  const s = quoteIdent(schema);
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    `CREATE TABLE IF NOT EXISTS ${s}.processed_events (
       consumer      text        NOT NULL,
       event_id      uuid        NOT NULL,
       processed_at  timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (consumer, event_id)
     )`,
    `CREATE TABLE IF NOT EXISTS ${s}.consumer_stream_positions (
       consumer        text    NOT NULL,
       stream_name     text    NOT NULL,
       stream_version  integer NOT NULL,
       PRIMARY KEY (consumer, stream_name)
     )`,
    `CREATE TABLE IF NOT EXISTS ${s}.consumer_failures (
       consumer    text        NOT NULL,
       event_id    uuid        NOT NULL,
       attempts    integer     NOT NULL,
       last_error  text        NOT NULL,
       failed_at   timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (consumer, event_id)
     )`,
    `CREATE TABLE IF NOT EXISTS ${s}.parked_events (
       consumer        text        NOT NULL,
       event_id        uuid        NOT NULL,
       stream_name     text,
       stream_version  integer,
       type            text,
       subject         text        NOT NULL,
       payload         text        NOT NULL,
       error           text        NOT NULL,
       delivery_count  integer     NOT NULL,
       parked_at       timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (consumer, event_id)
     )`,
  ];
}

/** The TypeORM migration that creates the consumer tables in an app's schema. */
export function consumerTablesMigration(schema: string): new () => MigrationInterface {
  return class CreateConsumerTables1764320000100 implements MigrationInterface {
    name = 'CreateConsumerTables1764320000100';
    async up(runner: QueryRunner): Promise<void> {
      for (const statement of consumerTablesDdl(schema)) await runner.query(statement);
    }
    async down(runner: QueryRunner): Promise<void> {
      const s = quoteIdent(schema);
      await runner.query(`DROP TABLE IF EXISTS ${s}.parked_events, ${s}.consumer_failures, ${s}.consumer_stream_positions, ${s}.processed_events`);
    }
  };
}

export async function installConsumerTables(db: { query(sql: string): Promise<unknown> }, schema: string): Promise<void> {
  for (const statement of consumerTablesDdl(schema)) await db.query(statement);
}
