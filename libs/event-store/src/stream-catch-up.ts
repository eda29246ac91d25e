// Read-your-writes for a projection that a durable consumer runs: the writer, in the same
// transaction as its append, brings the projection of that one stream up to the head through
// the consumer's own bookkeeping (its stream position row, locked; its processed ids). The
// consumer later receives those events as duplicates and skips them, and events other apps
// wrote before are applied first, in stream order. One lock order (position row, then
// handler's rows) for both paths, so they serialise per stream and never deadlock.

import { quoteIdent } from './identifiers';
import { type EventHandler, lockStreamPosition } from './event-consumer';
import type { PostgresEventStore } from './postgres-event-store';
import type { SqlTx } from './sql';

export interface StreamCatchUp {
  /** The durable consumer's name (its key in the consumer tables). */
  consumer: string;
  /** The schema that holds the consumer tables. */
  schema: string;
  store: PostgresEventStore;
  handle: EventHandler;
}

/** Applies every event of `stream` the consumer has not applied yet, in `tx`; returns how many. */
export async function catchUpStream(tx: SqlTx, o: StreamCatchUp, stream: string): Promise<number> {
  const s = quoteIdent(o.schema);
  const applied = await lockStreamPosition(tx, `${s}.consumer_stream_positions`, o.consumer, stream);
  const missing = await o.store.readStream(stream, applied + 1, 100_000, tx);
  if (missing.length === 0) return 0;
  const { rows: parkedRows } = await tx.query<{ event_id: string }>(`SELECT event_id FROM ${s}.parked_events WHERE consumer = $1 AND stream_name = $2`, [o.consumer, stream]);
  const parked = new Set(parkedRows.map((r) => r.event_id));
  let count = 0;
  for (const event of missing) {
    if (parked.has(event.eventId)) continue;
    const { rowCount } = await tx.query(`INSERT INTO ${s}.processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [o.consumer, event.eventId]);
    if (rowCount === 0) continue;
    await o.handle(event, tx);
    count++;
  }
  await tx.query(`UPDATE ${s}.consumer_stream_positions SET stream_version = $3 WHERE consumer = $1 AND stream_name = $2`, [
    o.consumer,
    stream,
    missing[missing.length - 1].streamVersion,
  ]);
  return count;
}
