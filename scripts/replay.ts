// npm run replay: rebuilds every projection of the stack from the event log into scratch
// tables, compares them row for row with the live ones, audits quota usage against the log,
// prints a report, and exits 1 if anything differs. Reads DATABASE_URL, EVENT_STORE_SCHEMA,
// and the apps' schemas (API_GATEWAY_SCHEMA, QUOTA_SCHEMA; defaults api_gateway, quota).
// The work itself is scripts/replay/replay-all.ts (the chaos runner's invariants use it too).

import { Pool } from 'pg';
import { PgPoolDb, PostgresEventStore } from '@app/event-store';
import { projectionLine, replayAll, replaySchemasFrom, usageLines } from './replay/replay-all';

const env = process.env;

async function main(): Promise<number> {
  const pool = new Pool({ connectionString: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', max: 4 });
  const db = new PgPoolDb(pool);
  const store = new PostgresEventStore(db, { schema: env.EVENT_STORE_SCHEMA ?? 'event_store' });
  let differs = false;
  try {
    const result = await replayAll({
      pool,
      db,
      store,
      schemas: replaySchemasFrom(env),
      onProjection: (projection) => console.log(projectionLine(projection)),
      onUsage: (usage) => usageLines(usage).forEach((line) => console.log(line)),
    });
    differs = result.differs;
  } finally {
    await pool.end();
  }
  console.log(differs ? 'replay: the rebuilt state DIFFERS from the live one' : 'replay: every projection equals its rebuild from the log');
  return differs ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`replay: ${(error as Error).message}`);
    process.exit(2);
  },
);
