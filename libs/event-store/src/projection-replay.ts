// Replay is a feature: rebuild a projection from position 0 into scratch tables shaped like
// the live ones, compare the two row for row, and report (then drop the scratch copy).

import { categoryOf } from '@app/contracts';
import { quoteIdent } from './identifiers';
import { StreamOrder } from './stream-order';
import type { PostgresEventStore } from './postgres-event-store';
import type { Projection } from './projection';
import type { SqlDb } from './sql';

export interface TableDifference {
  table: string;
  /** Rows in the live table that the replay did not produce. */
  onlyLive: number;
  /** Rows the replay produced that the live table lacks. */
  onlyReplayed: number;
}

export interface ReplayReport {
  projection: string;
  eventsRead: number;
  eventsApplied: number;
  /** The log position the replay reached. */
  position: string;
  seconds: number;
  equal: boolean;
  differences: TableDifference[];
}

export interface ReplayOptions {
  db: SqlDb;
  store: PostgresEventStore;
  projection: Projection;
  /** The app schema that holds the live tables. */
  schema: string;
  /** Events per read and per transaction (default 5000). */
  pageSize?: number;
  /** Keep the scratch schema for inspection instead of dropping it (default false). */
  keep?: boolean;
  /** How long to wait for older open transactions to let the log be read to its head (default 30 s). */
  waitMs?: number;
}

export async function replayProjection(o: ReplayOptions): Promise<ReplayReport & { scratchSchema: string }> {
  const started = process.hrtime.bigint();
  const live = quoteIdent(o.schema);
  const scratchSchema = `${o.schema}_replay_${Date.now().toString(36)}`.slice(0, 63);
  const scratch = quoteIdent(scratchSchema);
  await o.db.transaction(async (tx) => {
    await tx.query(`CREATE SCHEMA ${scratch}`);
    for (const table of o.projection.tables) {
      await tx.query(`CREATE TABLE ${scratch}.${quoteIdent(table)} (LIKE ${live}.${quoteIdent(table)} INCLUDING ALL)`);
    }
  });
  try {
    // Everything committed when the replay starts, even if readAll must first wait for older
    // transactions elsewhere in the cluster to end (decision 0001).
    const head = BigInt(await o.store.headPosition());
    const deadline = Date.now() + (o.waitMs ?? 30_000);
    let position = '0';
    let eventsRead = 0;
    let eventsApplied = 0;
    // Each stream in version order, as the live consumers apply it (stream-order.ts).
    const order = new StreamOrder();
    while (BigInt(position) < head) {
      const page = await o.store.readAll(position, o.pageSize ?? 5000);
      if (page.length === 0) {
        if (Date.now() > deadline) throw new Error(`replay of '${o.projection.name}' waited too long for the log to reach position ${head}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      await o.db.transaction(async (tx) => {
        for (const read of page) {
          if (o.projection.category && categoryOf(read.streamName) !== o.projection.category) continue;
          for (const event of order.push(read)) {
            await o.projection.apply(tx, scratchSchema, event);
            eventsApplied++;
          }
        }
      });
      eventsRead += page.length;
      position = page[page.length - 1].position;
    }
    const differences: TableDifference[] = [];
    for (const table of o.projection.tables) {
      const t = quoteIdent(table);
      const { rows } = await o.db.query<{ only_live: string; only_replayed: string }>(
        `SELECT (SELECT count(*) FROM (SELECT * FROM ${live}.${t} EXCEPT ALL SELECT * FROM ${scratch}.${t}) a) AS only_live,
                (SELECT count(*) FROM (SELECT * FROM ${scratch}.${t} EXCEPT ALL SELECT * FROM ${live}.${t}) b) AS only_replayed`,
      );
      differences.push({ table, onlyLive: Number(rows[0].only_live), onlyReplayed: Number(rows[0].only_replayed) });
    }
    return {
      projection: o.projection.name,
      eventsRead,
      eventsApplied,
      position,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
      equal: differences.every((d) => d.onlyLive === 0 && d.onlyReplayed === 0),
      differences,
      scratchSchema,
    };
  } finally {
    if (!o.keep) await o.db.query(`DROP SCHEMA ${scratch} CASCADE`);
  }
}
