// Invariant 2 of ../shared/DESIGN.md, "no event is lost or applied twice; replaying the log
// reproduces every projection exactly": every projection rebuilt from the log equals the live
// one (npm run replay's work, scripts/replay/replay-all.ts), no consumer parked an event, the
// relay published the whole log, and JetStream holds nothing a durable consumer has not acked.

import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { Pool } from 'pg';
import { eventsStreamName } from '@app/contracts';
import type { PostgresEventStore } from '@app/event-store';
import type { ReplayAllResult } from '../../replay/replay-all';
import { q, type StackSchemas } from './schemas';
import { type InvariantResult, type Violation, result, violation } from './types';

export function checkReplay(replay: ReplayAllResult): InvariantResult {
  const violations: Violation[] = [];
  let checked = 0;
  for (const p of replay.projections) {
    if (p.skipped) continue;
    checked++;
    if (p.report.equal) continue;
    const tables = p.report.differences
      .filter((d) => d.onlyLive + d.onlyReplayed > 0)
      .map((d) => `${d.table}: ${d.onlyLive} row(s) only live, ${d.onlyReplayed} only replayed`);
    violations.push(violation('projections-equal-replay', `projection ${p.app}/${p.projection}`, `differs from its rebuild from the log (${p.report.eventsApplied} events): ${tables.join('; ')}`));
  }
  return result('projections-equal-replay', '2: every projection rebuilt from the log into scratch tables equals the live one, row for row', checked, violations);
}

export async function checkParked(pool: Pool, schemas: StackSchemas): Promise<InvariantResult> {
  const apps = [schemas.gateway, schemas.scheduler, schemas.computeAgent, schemas.network, schemas.quota];
  const { rows: tables } = await pool.query<{ schemaname: string }>(
    `SELECT schemaname FROM pg_tables WHERE tablename = 'parked_events' AND schemaname = ANY($1)`,
    [apps],
  );
  const violations: Violation[] = [];
  for (const { schemaname } of tables) {
    const { rows } = await pool.query<{ consumer: string; stream_name: string | null; stream_version: number | null; type: string | null; subject: string; error: string }>(
      `SELECT consumer, stream_name, stream_version, type, subject, error FROM ${q(schemaname)}.parked_events ORDER BY parked_at`,
    );
    for (const r of rows) {
      const what = r.stream_name ? `${r.type} ${r.stream_name}@${r.stream_version}` : `a message on ${r.subject}`;
      violations.push(violation('no-parked-event', `consumer ${r.consumer}`, `parked ${what} (${schemaname}): ${r.error.split('\n')[0]}`));
    }
  }
  return result('no-parked-event', '2: no durable consumer parked an event (a parked event is one its projection never applied)', tables.length, violations);
}

export async function checkRelay(pool: Pool, store: PostgresEventStore, schemas: StackSchemas): Promise<InvariantResult> {
  const head = BigInt(await store.headPosition());
  const { rows } = await pool.query<{ name: string; position: string }>(`SELECT name, position::text FROM ${q(schemas.eventStore)}.relay_checkpoints`);
  const violations: Violation[] = [];
  if (head > 0n && rows.length === 0) violations.push(violation('relay-caught-up', 'relay', `the log's head is at ${head} and no relay checkpoint exists`));
  for (const r of rows) {
    if (BigInt(r.position) < head) violations.push(violation('relay-caught-up', `relay ${r.name}`, `published up to position ${r.position}, the log's head is ${head}`));
  }
  return result('relay-caught-up', '2: the relay published the whole log to JetStream (its checkpoint is at the head)', rows.length, violations);
}

export interface NatsTarget {
  url: string;
  namespace: string;
}

export async function checkConsumers(nats: NatsTarget | undefined): Promise<InvariantResult> {
  const description = '2: JetStream holds nothing a durable consumer has not acked (num_pending and num_ack_pending are 0)';
  if (!nats) return result('consumers-caught-up', description, 0, [], 'no NATS given (--nats-url and --namespace)');
  const nc = await connect({ servers: nats.url, reconnect: false, name: 'chaos-invariants' });
  try {
    const jsm = await jetstreamManager(nc);
    const violations: Violation[] = [];
    let checked = 0;
    for await (const info of jsm.consumers.list(eventsStreamName(nats.namespace))) {
      if (!info.config.durable_name) continue;
      checked++;
      if (info.num_pending > 0 || info.num_ack_pending > 0) {
        violations.push(violation('consumers-caught-up', `consumer ${info.name}`, `${info.num_pending} message(s) not delivered, ${info.num_ack_pending} delivered and not acked`));
      }
    }
    return result('consumers-caught-up', description, checked, violations);
  } finally {
    await nc.close();
  }
}
