// Waits (bounded) until a stack has settled after a chaos run: the relay has published the
// whole log, no durable consumer has a message pending or unacked, no server shows BUILD or a
// task, no snapshot is SAVING, the compute agents have no unfinished task, and no quota
// reservation is open, twice in a row a second apart. Says which conditions still failed if the time runs out; the invariant
// check runs either way.

import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Pool } from 'pg';
import { eventsStreamName } from '@app/contracts';
import { q, type StackSchemas } from './invariants/schemas';

export interface SettleResult {
  settled: boolean;
  seconds: number;
  /** What still failed at the end (empty when settled). */
  unmet: string[];
}

async function tableExists(pool: Pool, schema: string, table: string): Promise<boolean> {
  return ((await pool.query('SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2', [schema, table])).rowCount ?? 0) > 0;
}

/** The conditions that do not hold right now, as sentences. */
async function unmetNow(pool: Pool, schemas: StackSchemas, nats: { url: string; namespace: string } | undefined): Promise<string[]> {
  const unmet: string[] = [];
  const e = q(schemas.eventStore);
  const { rows: relay } = await pool.query<{ head: string; published: string | null }>(
    `SELECT (SELECT coalesce(max(position), 0) FROM ${e}.events)::text AS head, (SELECT max(position) FROM ${e}.relay_checkpoints)::text AS published`,
  );
  if (BigInt(relay[0].published ?? '0') < BigInt(relay[0].head)) unmet.push(`the relay is at ${relay[0].published ?? 'no checkpoint'}, the log's head at ${relay[0].head}`);
  const { rows: busy } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${q(schemas.gateway)}.servers WHERE vm_state = 'BUILD' OR task_state IS NOT NULL`);
  if (Number(busy[0].n) > 0) unmet.push(`${busy[0].n} server(s) in BUILD or in a task`);
  const { rows: saving } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${q(schemas.gateway)}.images WHERE snapshot AND status = 'SAVING'`);
  if (Number(saving[0].n) > 0) unmet.push(`${saving[0].n} snapshot(s) SAVING`);
  if (await tableExists(pool, schemas.computeAgent, 'instance_tasks')) {
    const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${q(schemas.computeAgent)}.instance_tasks WHERE finished_at IS NULL`);
    if (Number(rows[0].n) > 0) unmet.push(`${rows[0].n} compute task(s) unfinished`);
  }
  if (await tableExists(pool, schemas.quota, 'reservations')) {
    const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${q(schemas.quota)}.reservations WHERE state = 'reserved'`);
    if (Number(rows[0].n) > 0) unmet.push(`${rows[0].n} reservation row(s) open`);
  }
  if (nats) {
    const nc = await connect({ servers: nats.url, reconnect: false, name: 'chaos-settle' });
    try {
      const jsm = await jetstreamManager(nc);
      for await (const info of jsm.consumers.list(eventsStreamName(nats.namespace))) {
        if (info.config.durable_name && (info.num_pending > 0 || info.num_ack_pending > 0)) {
          unmet.push(`consumer ${info.name}: ${info.num_pending} pending, ${info.num_ack_pending} unacked`);
        }
      }
    } finally {
      await nc.close();
    }
  }
  return unmet;
}

export async function waitUntilSettled(o: {
  databaseUrl: string;
  schemas: StackSchemas;
  nats?: { url: string; namespace: string };
  timeoutMs: number;
  log?: (line: string) => void;
}): Promise<SettleResult> {
  const started = performance.now();
  const pool = new Pool({ connectionString: o.databaseUrl, max: 2 });
  let unmet: string[] = ['not checked yet'];
  let clean = 0;
  let lastLog = 0;
  try {
    while (performance.now() - started < o.timeoutMs) {
      try {
        unmet = await unmetNow(pool, o.schemas, o.nats);
      } catch (error) {
        unmet = [`could not look: ${(error as Error).message}`];
      }
      clean = unmet.length === 0 ? clean + 1 : 0;
      if (clean >= 2) break;
      if (unmet.length > 0 && performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        o.log?.(`chaos: settling (${((performance.now() - started) / 1000).toFixed(0)} s): ${unmet.join('; ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } finally {
    await pool.end();
  }
  return { settled: clean >= 2, seconds: (performance.now() - started) / 1000, unmet };
}
