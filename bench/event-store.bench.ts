// Benchmark of the event log: append throughput (1 event per transaction, and batches of
// 100), readAll and replay speed, and publish-to-consume latency through relay, JetStream
// and a durable consumer. Prints numbers; records nothing. Run: npm run bench:event-store
//
// Uses DATABASE_URL / NATS_URL (defaults: the local services) and a throwaway schema and
// NATS namespace that it removes at the end. BENCH_SCALE=0.2 makes a quick run.

import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Pool } from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { eventsStreamName, type RecordedEvent } from '@app/contracts';
import {
  EventConsumer, EventRelay, PgPoolDb, PostgresEventStore, appendSignal, ensureEventsStream, onAppendSignal, installConsumerTables, installEventStoreSchema, replayProjection, type Projection,
} from '@app/event-store';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const SCALE = Number(process.env.BENCH_SCALE ?? '1');
const n = (count: number) => Math.max(1, Math.round(count * SCALE));
const meta = { correlationId: 'req-bench', producer: 'bench' };
const payload = { name: 'bench-server', flavorRef: '101', imageRef: '1234', metadata: { role: 'web', tier: 'front' } };

function rate(events: number, ms: number): string {
  return `${Math.round((events / ms) * 1000).toLocaleString('en-US')} events/s`;
}

async function timed(work: () => Promise<number>): Promise<[number, number]> {
  const start = performance.now();
  const count = await work();
  return [count, performance.now() - start];
}

async function inParallel(clients: number, total: number, work: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  await Promise.all(Array.from({ length: clients }, async () => {
    for (let i = next++; i < total; i = next++) await work(i);
  }));
  return total;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const id = `bench${randomBytes(3).toString('hex')}`;
  const schema = `${id}_events`;
  const appSchema = `${id}_app`;
  const pool = new Pool({ connectionString: DATABASE_URL, max: 20 });
  const db = new PgPoolDb(pool);
  const nc = await connect({ servers: NATS_URL, name: id });
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const results: [string, string][] = [];
  const report = (what: string, value: string) => {
    results.push([what, value]);
    console.log(`${what.padEnd(52)} ${value}`);
  };
  try {
    await installEventStoreSchema(pool, schema);
    await installConsumerTables(pool, appSchema);
    await ensureEventsStream(jsm, id);
    const store = new PostgresEventStore(db, { schema, onCommitted: appendSignal(nc, id) });
    const sync = (await pool.query('SHOW synchronous_commit')).rows[0].synchronous_commit;
    const version = (await pool.query('SHOW server_version')).rows[0].server_version;
    console.log(`event store benchmark, ${new Date().toISOString()}, ${os.cpus().length} cores, Node ${process.version}, Postgres ${version} (synchronous_commit=${sync}), scale ${SCALE}`);

    // 1. One event per transaction.
    for (const clients of [1, 16]) {
      const [count, ms] = await timed(() => inParallel(clients, n(clients === 1 ? 2000 : 8000), (i) =>
        store.append(`server-single${clients}-${i}`, 0, [{ type: 'ServerCreateRequested', data: payload }], meta).then(() => undefined)));
      report(`append, 1 event/transaction, ${clients} client${clients > 1 ? 's' : ''}`, rate(count, ms));
    }

    // 2. Batches of 100 events per transaction.
    const batch = Array.from({ length: 100 }, (_, i) => ({ type: 'HostHeartbeat', data: { ...payload, i } }));
    for (const clients of [1, 4]) {
      const [count, ms] = await timed(async () => 100 * (await inParallel(clients, n(clients === 1 ? 200 : 400), (i) =>
        store.append(`host-batch${clients}-${i}`, 0, batch, meta).then(() => undefined))));
      report(`append, batches of 100, ${clients} client${clients > 1 ? 's' : ''}`, rate(count, ms));
    }

    // 3. readAll over the whole log, pages of 10,000.
    const [readCount, readMs] = await timed(async () => {
      let after = '0';
      let total = 0;
      for (let page = await store.readAll(after, 10_000); page.length > 0; page = await store.readAll(after, 10_000)) {
        total += page.length;
        after = page[page.length - 1].position;
      }
      return total;
    });
    report(`readAll, pages of 10,000 (${readCount.toLocaleString('en-US')} events)`, rate(readCount, readMs));

    // 4. Replay: fold every stream's events into in-memory state, as an aggregate rebuild does.
    const [foldCount, foldMs] = await timed(async () => {
      const states = new Map<string, { version: number; types: number }>();
      let after = '0';
      let total = 0;
      for (let page = await store.readAll(after, 10_000); page.length > 0; page = await store.readAll(after, 10_000)) {
        for (const e of page) {
          const s = states.get(e.streamName) ?? { version: 0, types: 0 };
          states.set(e.streamName, { version: e.streamVersion, types: s.types + (e.type.length & 1) });
        }
        total += page.length;
        after = page[page.length - 1].position;
      }
      return total;
    });
    report('replay, read + fold into memory', rate(foldCount, foldMs));

    // 5. Replay of a SQL projection into scratch tables (the replay command's path).
    await pool.query(`CREATE TABLE ${appSchema}.stream_heads (stream text PRIMARY KEY, version int NOT NULL)`);
    const heads: Projection = {
      name: 'stream-heads',
      tables: ['stream_heads'],
      async apply(tx, s, e) {
        await tx.query(`INSERT INTO "${s}".stream_heads (stream, version) VALUES ($1, $2) ON CONFLICT (stream) DO UPDATE SET version = excluded.version`, [e.streamName, e.streamVersion]);
      },
    };
    const replay = await replayProjection({ db, store, projection: heads, schema: appSchema, pageSize: 10_000 });
    report('replay, SQL projection into scratch tables', rate(replay.eventsApplied, replay.seconds * 1000));

    // 6. Publish-to-consume latency: append -> relay -> JetStream -> consumer handler.
    const relay = new EventRelay({ store, connectionString: DATABASE_URL, js, namespace: id, name: 'bench' });
    const wakeups = onAppendSignal(nc, id, () => relay.wake());
    relay.start();
    // Let the relay publish the backlog before measuring.
    const backlog = (await pool.query(`SELECT count(*)::int AS n FROM "${schema}".events`)).rows[0].n;
    while (relay.stats.published < backlog) await new Promise((r) => setTimeout(r, 50));
    const committedAt = new Map<string, number>();
    const latencies: number[] = [];
    const samples = n(2000);
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const consumer = new EventConsumer({
      name: 'latency', js, jsm, namespace: id, category: 'bench', db, schema: appSchema, store, concurrency: 8,
      handle: async (e: RecordedEvent) => {
        const t0 = committedAt.get(e.eventId);
        if (t0 !== undefined) latencies.push(performance.now() - t0);
        if (latencies.length === samples) done();
      },
    });
    await consumer.start();
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      const { eventIds } = await store.append(`bench-latency${i}`, 0, [{ type: 'Ping', data: { i } }], meta);
      committedAt.set(eventIds[0], t0);
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.race([finished, new Promise((r) => setTimeout(r, 60_000))]);
    await consumer.stop();
    await relay.stop();
    wakeups.unsubscribe();
    latencies.sort((a, b) => a - b);
    report(`publish-to-consume latency, ${latencies.length} events`, `p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`);
  } finally {
    await jsm.streams.delete(eventsStreamName(id)).catch(() => undefined);
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}", "${appSchema}" CASCADE`);
    await pool.end();
    await nc.drain();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
