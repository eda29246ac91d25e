// The path of an event from the log to a consumer, against real Postgres and real NATS
// JetStream: relay, de-duplication, idempotent handling, per-stream order, parking.

import { randomUUID } from 'node:crypto';
import { eventSubject, eventsStreamName, type RecordedEvent } from '@app/contracts';
import {
  EventConsumer, EventRelay, PostgresEventStore, encodeEvent, ensureEventsStream, installConsumerTables, installEventStoreSchema, type EventHandler, type SqlTx,
} from '@app/event-store';
import { createTestContext, type TestContext } from '../../../test/harness/test-context';
import { waitFor } from '../../../test/harness/wait-for';

const meta = { correlationId: 'req-pipeline', producer: 'test' };

describe('event pipeline: relay -> JetStream -> consumer', () => {
  let ctx: TestContext;
  let store: PostgresEventStore;
  const running: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    ctx = await createTestContext();
    await installEventStoreSchema(ctx.pool, ctx.eventStoreSchema);
    await installConsumerTables(ctx.pool, ctx.appSchema);
    await ctx.pool.query(`CREATE TABLE ${ctx.appSchema}.applied (seq serial PRIMARY KEY, consumer text, stream text, version int, event_id uuid, type text)`);
    await ensureEventsStream(ctx.jsm, ctx.namespace);
    store = new PostgresEventStore(ctx.db, { schema: ctx.eventStoreSchema });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()));
  });
  afterAll(() => ctx.dispose());

  function relay(name = 'default') {
    const r = new EventRelay({ store, connectionString: ctx.databaseUrl, js: ctx.js, namespace: ctx.namespace, name, idlePollMs: 200, leaderRetryMs: 100 });
    running.push(r);
    r.start();
    return r;
  }

  /** A consumer whose handler records each application in `applied`. */
  async function consumer(name: string, options: { fail?: (e: RecordedEvent) => boolean; category?: string } = {}) {
    const handle: EventHandler = async (event, tx: SqlTx) => {
      if (options.fail?.(event)) throw new Error(`handler refuses ${event.type}`);
      await tx.query(`INSERT INTO ${ctx.appSchema}.applied (consumer, stream, version, event_id, type) VALUES ($1, $2, $3, $4, $5)`,
        [name, event.streamName, event.streamVersion, event.eventId, event.type]);
    };
    const c = new EventConsumer({
      name, js: ctx.js, jsm: ctx.jsm, namespace: ctx.namespace, category: options.category, db: ctx.db, schema: ctx.appSchema, store, handle,
      maxDeliver: 3, backoffMs: [20, 40], concurrency: 4,
    });
    await c.start();
    running.push(c);
    return c;
  }

  async function applied(name: string) {
    const { rows } = await ctx.pool.query(`SELECT stream, version, event_id, type FROM ${ctx.appSchema}.applied WHERE consumer = $1 ORDER BY seq`, [name]);
    return rows as { stream: string; version: number; event_id: string; type: string }[];
  }

  async function streamMessageCount(): Promise<number> {
    return (await ctx.jsm.streams.info(eventsStreamName(ctx.namespace))).state.messages;
  }

  it('publishes events committed while no relay ran (a crash between commit and publish) and a consumer applies each exactly once', async () => {
    // Committed with nobody publishing: what a crash right after COMMIT leaves behind.
    for (let i = 1; i <= 5; i++) await store.append(`server-c${i}`, 0, [{ type: 'ServerCreateRequested', data: { i } }, { type: 'ServerScheduled', data: { i } }], meta);
    expect(await streamMessageCount()).toBe(0);
    const c = await consumer('crash-recovery');
    const r = relay();
    await waitFor('10 applied events', async () => (await applied('crash-recovery')).length === 10, { timeoutMs: 15_000 });
    expect(r.stats.published).toBe(10);
    expect(await streamMessageCount()).toBe(10);
    const rows = await applied('crash-recovery');
    expect(new Set(rows.map((x) => x.event_id)).size).toBe(10);
    expect(c.stats.applied).toBe(10);
  });

  it('keeps one copy in JetStream when the relay re-publishes after losing its checkpoint', async () => {
    const before = await streamMessageCount();
    await store.append('server-dup', 0, [{ type: 'ServerCreateRequested', data: {} }], meta);
    const first = relay('dedupe');
    await waitFor('the first publish', async () => (await streamMessageCount()) === before + 1 || undefined, { timeoutMs: 10_000 });
    await first.stop();
    // A crash after publishing but before saving the checkpoint: the next relay starts from 0.
    await ctx.pool.query(`UPDATE ${ctx.eventStoreSchema}.relay_checkpoints SET position = 0 WHERE name = 'dedupe'`);
    const second = relay('dedupe');
    await waitFor('re-publishes', () => second.stats.duplicates > 0 || undefined, { timeoutMs: 10_000 });
    await waitFor('caught up', async () => BigInt(second.stats.position) > 0n && second.stats.published === 0 || undefined, { timeoutMs: 10_000 });
    expect(await streamMessageCount()).toBe(before + 1);
  });

  it('elects one relay leader among several', async () => {
    const a = relay('elect');
    const b = relay('elect');
    await waitFor('a leader', () => a.stats.leader || b.stats.leader, { timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 300));
    expect([a.stats.leader, b.stats.leader].filter(Boolean)).toHaveLength(1);
    const leader = a.stats.leader ? a : b;
    const standby = leader === a ? b : a;
    await leader.stop();
    await waitFor('the standby to take over', () => standby.stats.leader, { timeoutMs: 10_000 });
  });

  it('applies a message delivered twice only once', async () => {
    const c = await consumer('twice', { category: 'keypair' });
    await store.append('keypair-k1', 0, [{ type: 'KeypairImported', data: {} }], meta);
    const [event] = await store.readStream('keypair-k1');
    const subject = eventSubject(ctx.namespace, event.streamName, event.type);
    // Two publishes with different message ids get past JetStream's de-duplication.
    await ctx.js.publish(subject, encodeEvent(event), { msgID: randomUUID() });
    await ctx.js.publish(subject, encodeEvent(event), { msgID: randomUUID() });
    await waitFor('the duplicate', () => c.stats.duplicates >= 1 || undefined, { timeoutMs: 10_000 });
    expect(await applied('twice')).toHaveLength(1);
  });

  it('applies version n+1 before n+2 when n+2 arrives first', async () => {
    const c = await consumer('ordered', { category: 'image' });
    await store.append('image-i1', 0, [{ type: 'ImageCreated', data: {} }, { type: 'ImageSaved', data: {} }, { type: 'ImageActivated', data: {} }], meta);
    const [v1, v2, v3] = await store.readStream('image-i1');
    const publish = (e: RecordedEvent) => ctx.js.publish(eventSubject(ctx.namespace, e.streamName, e.type), encodeEvent(e), { msgID: e.eventId });
    await publish(v3);
    await waitFor('v3 and its gap', async () => (await applied('ordered')).length === 3 || undefined, { timeoutMs: 10_000 });
    await publish(v1);
    await publish(v2);
    await waitFor('v1 and v2 seen as duplicates', () => c.stats.duplicates >= 2 || undefined, { timeoutMs: 10_000 });
    expect((await applied('ordered')).map((r) => r.version)).toEqual([1, 2, 3]);
    expect(c.stats.gapFilled).toBe(2);
  });

  it('parks a poison message after bounded retries and goes on with the next one', async () => {
    const c = await consumer('poison', { category: 'host', fail: (e) => e.type === 'HostPoisoned' });
    await store.append('host-p1', 0, [{ type: 'HostPoisoned', data: {} }], meta);
    await store.append('host-p2', 0, [{ type: 'HostHeartbeat', data: {} }], meta);
    await store.append('host-p1', 1, [{ type: 'HostHeartbeat', data: {} }], meta);
    // Garbage on the subject, not an event at all.
    await ctx.js.publish(eventSubject(ctx.namespace, 'host-junk', 'Junk'), new TextEncoder().encode('not json'), { msgID: randomUUID() });
    const r = relay('poison');
    await waitFor('two parked messages', () => c.stats.parked === 2 || undefined, { timeoutMs: 15_000, detail: () => ({ consumer: c.stats, relay: r.stats }) });
    await waitFor('the healthy events', async () => (await applied('poison')).length === 2 || undefined, { timeoutMs: 10_000 });
    expect((await applied('poison')).map((r) => `${r.stream}@${r.version}`).sort()).toEqual(['host-p1@2', 'host-p2@1']);
    const { rows } = await ctx.pool.query(`SELECT type, stream_name, delivery_count, error FROM ${ctx.appSchema}.parked_events WHERE consumer = 'poison' ORDER BY type NULLS LAST`);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ type: 'HostPoisoned', stream_name: 'host-p1', delivery_count: 3 });
    expect(rows[0].error).toContain('handler refuses HostPoisoned');
    expect(rows[1]).toMatchObject({ type: null, delivery_count: 1 });
    expect(c.stats.retried).toBeGreaterThanOrEqual(2);
  });

  it('resumes a durable consumer where it stopped, without re-applying', async () => {
    const first = await consumer('durable', { category: 'quota' });
    relay('durable');
    await store.append('quota-q1', 0, [{ type: 'QuotaReserved', data: {} }], meta);
    await waitFor('first event', async () => (await applied('durable')).length === 1 || undefined, { timeoutMs: 10_000 });
    await first.stop();
    running.splice(running.indexOf(first), 1);
    await store.append('quota-q1', 1, [{ type: 'QuotaCommitted', data: {} }], meta);
    await consumer('durable', { category: 'quota' });
    await waitFor('second event', async () => (await applied('durable')).length === 2 || undefined, { timeoutMs: 10_000 });
    expect((await applied('durable')).map((r) => r.type)).toEqual(['QuotaReserved', 'QuotaCommitted']);
  });
});
