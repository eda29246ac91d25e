// An inline projection (applied in the same transaction as each append) is only as complete
// as its tables: if they are lost or new (a dropped schema, a fresh APP_SCHEMA over an old
// log, a restore) while the log keeps its events, nothing would ever re-apply them. At start,
// an app rebuilds such a projection from the log when its tables are empty but the log holds
// events of its category. One transaction under an advisory lock, so replicas starting
// together rebuild it once.

import { categoryOf } from '@app/contracts';
import { quoteIdent } from './identifiers';
import { StreamOrder } from './stream-order';
import type { PostgresEventStore } from './postgres-event-store';
import type { Projection } from './projection';
import type { SqlDb } from './sql';

export interface CatchUpOptions {
  db: SqlDb;
  store: PostgresEventStore;
  projection: Projection;
  /** The app schema holding the projection's tables. */
  schema: string;
  pageSize?: number;
  /** How long to wait for older open transactions holding the log back (default 10 s). */
  waitMs?: number;
}

/** Rebuilds the projection if its tables are empty while the log has its events; returns how many events it applied. */
export async function catchUpEmptyProjection(o: CatchUpOptions): Promise<number> {
  if (!o.projection.category) throw new Error(`projection '${o.projection.name}' needs a category to be caught up`);
  const category = o.projection.category;
  return o.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`nova-es:catch-up:${o.schema}:${o.projection.name}`]);
    for (const table of o.projection.tables) {
      const { rows } = await tx.query(`SELECT 1 FROM ${quoteIdent(o.schema)}.${quoteIdent(table)} LIMIT 1`);
      if (rows.length > 0) return 0;
    }
    const head = BigInt(await o.store.headPosition(tx));
    let position = '0';
    let applied = 0;
    // readAll never passes a position an older open transaction (anywhere in the cluster) could
    // still fill in: wait a little for those to finish, as a replay does, then give up (what is
    // missing then was written by a transaction still open, whose writer applies it itself).
    const deadline = Date.now() + (o.waitMs ?? 10_000);
    // Each stream in version order, as its writers applied it (stream-order.ts).
    const order = new StreamOrder();
    while (BigInt(position) < head) {
      const page = await o.store.readAll(position, o.pageSize ?? 5000, tx);
      if (page.length === 0) {
        if (Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      for (const read of page) {
        if (categoryOf(read.streamName) !== category) continue;
        for (const event of order.push(read)) {
          await o.projection.apply(tx, o.schema, event);
          applied++;
        }
      }
      position = page[page.length - 1].position;
    }
    return applied;
  });
}
