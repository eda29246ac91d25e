// One isolated world per test file: its own Postgres schemas and its own NATS namespace
// (subjects `<ns>.events.>` on stream `<NS>_EVENTS`), removed again in `dispose()`.

import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { eventsStreamName } from '@app/contracts';
import { PgPoolDb } from '@app/event-store';
import { infrastructure } from './infrastructure';

export interface TestContext {
  /** A unique lower-case tag: `t` and 8 hex digits. */
  id: string;
  /** Schema for the event log. */
  eventStoreSchema: string;
  /** Schema for an app's own tables (consumer checkpoints, projections). */
  appSchema: string;
  /** NATS subject namespace. */
  namespace: string;
  databaseUrl: string;
  pool: Pool;
  db: PgPoolDb;
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  dispose(): Promise<void>;
}

export async function createTestContext(): Promise<TestContext> {
  const infra = await infrastructure();
  const id = `t${randomBytes(4).toString('hex')}`;
  const pool = new Pool({ connectionString: infra.databaseUrl, max: 20 });
  const nc = await connect({ ...infra.nats, name: id });
  const jsm = await jetstreamManager(nc);
  const ctx: TestContext = {
    id,
    eventStoreSchema: `${id}_events`,
    appSchema: `${id}_app`,
    namespace: id,
    databaseUrl: infra.databaseUrl,
    pool,
    db: new PgPoolDb(pool),
    nc,
    js: jetstream(nc),
    jsm,
    async dispose() {
      await jsm.streams.delete(eventsStreamName(id)).catch(() => undefined);
      await pool.query(`DROP SCHEMA IF EXISTS "${ctx.eventStoreSchema}", "${ctx.appSchema}" CASCADE`);
      await pool.end();
      await nc.drain();
    },
  };
  return ctx;
}
