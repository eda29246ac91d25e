// Faults injected into a durable consumer (consumer-faults.ts), against real Postgres and real
// NATS JetStream: a dropped message comes back and is applied once, a delayed one waits, a
// duplicated one is applied once and counted as a duplicate, the hook installed for the
// namespace is used when the consumer has none of its own, a stop does not wait out a delay,
// and `prepare` runs before the transaction, its failure retried.

import type { RecordedEvent } from '@app/contracts';
import {
  type ConsumerFaultHook, EventConsumer, EventRelay, PostgresEventStore, ensureEventsStream, installConsumerFaults, installConsumerTables, installEventStoreSchema,
  type EventConsumerOptions,
} from '@app/event-store';
import { createTestContext, type TestContext } from '../../../test/harness/test-context';
import { waitFor } from '../../../test/harness/wait-for';

const meta = { correlationId: 'req-faults', producer: 'test' };

describe('consumer faults', () => {
  let ctx: TestContext;
  let store: PostgresEventStore;
  let relay: EventRelay;
  const running: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    ctx = await createTestContext();
    await installEventStoreSchema(ctx.pool, ctx.eventStoreSchema);
    await installConsumerTables(ctx.pool, ctx.appSchema);
    await ctx.pool.query(`CREATE TABLE ${ctx.appSchema}.applied (seq serial PRIMARY KEY, consumer text, event_id uuid, at timestamptz DEFAULT clock_timestamp())`);
    await ensureEventsStream(ctx.jsm, ctx.namespace);
    store = new PostgresEventStore(ctx.db, { schema: ctx.eventStoreSchema });
    relay = new EventRelay({ store, connectionString: ctx.databaseUrl, js: ctx.js, namespace: ctx.namespace, idlePollMs: 100, leaderRetryMs: 100 });
    relay.start();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()));
  });
  afterAll(async () => {
    await relay.stop();
    await ctx.dispose();
  });

  async function consumer(name: string, category: string, more: Partial<EventConsumerOptions> = {}): Promise<EventConsumer> {
    const c = new EventConsumer({
      name, category, js: ctx.js, jsm: ctx.jsm, namespace: ctx.namespace, db: ctx.db, schema: ctx.appSchema, store, concurrency: 4, backoffMs: [20, 40],
      handle: async (event, tx) => {
        await tx.query(`INSERT INTO ${ctx.appSchema}.applied (consumer, event_id) VALUES ($1, $2)`, [name, event.eventId]);
      },
      ...more,
    });
    await c.start();
    running.push(c);
    return c;
  }

  async function applied(name: string): Promise<{ event_id: string; at: Date }[]> {
    return (await ctx.pool.query(`SELECT event_id, at FROM ${ctx.appSchema}.applied WHERE consumer = $1 ORDER BY seq`, [name])).rows;
  }

  it('drops a message until the fault lets it through, then applies it once', async () => {
    const seen: number[] = [];
    const faults: ConsumerFaultHook = (_name, _event, delivery) => {
      seen.push(delivery);
      return delivery <= 3 ? { drop: true, redeliverMs: 50 } : undefined;
    };
    await consumer('drops', 'dropcat', { faults });
    await store.append('dropcat-1', 0, [{ type: 'Happened', data: {} }], meta);
    await waitFor('the dropped message applied', async () => (await applied('drops')).length === 1, { timeoutMs: 15_000 });
    expect(seen).toEqual([1, 2, 3, 4]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await applied('drops')).toHaveLength(1);
  });

  it('fills a dropped event from the log when a later one of its stream arrives first', async () => {
    const faults: ConsumerFaultHook = (_name, event) => (event.streamVersion === 1 ? { drop: true, redeliverMs: 60_000 } : undefined);
    const c = await consumer('gaps', 'gapcat', { faults });
    await store.append('gapcat-1', 0, [{ type: 'First', data: {} }, { type: 'Second', data: {} }], meta);
    await waitFor('both applied', async () => (await applied('gaps')).length === 2, { timeoutMs: 15_000 });
    expect(c.stats.gapFilled).toBe(1);
  });

  it('holds a delayed message, and applies a duplicated one once', async () => {
    const faults: ConsumerFaultHook = (_name, event) => (event.type === 'Slow' ? { delayMs: 600 } : { duplicate: true });
    const c = await consumer('delays', 'delaycat', { faults });
    const started = Date.now();
    await store.append('delaycat-1', 0, [{ type: 'Slow', data: {} }], meta);
    await store.append('delaycat-2', 0, [{ type: 'Twice', data: {} }], meta);
    await waitFor('both applied', async () => (await applied('delays')).length === 2, { timeoutMs: 15_000 });
    const rows = await applied('delays');
    const [slow] = await store.readStream('delaycat-1');
    const slowRow = rows.find((r) => r.event_id === slow.eventId)!;
    expect(slowRow.at.getTime() - started).toBeGreaterThanOrEqual(550);
    expect(c.stats.duplicates).toBe(1);
  });

  it('uses the hook installed for its namespace when it has none of its own', async () => {
    const calls: string[] = [];
    const uninstall = installConsumerFaults(ctx.namespace, (name, event: RecordedEvent) => {
      calls.push(`${name}:${event.type}`);
      return { duplicate: true };
    });
    try {
      const c = await consumer('installed', 'installcat');
      await store.append('installcat-1', 0, [{ type: 'Seen', data: {} }], meta);
      await waitFor('applied', async () => (await applied('installed')).length === 1, { timeoutMs: 15_000 });
      await waitFor('counted as a duplicate', () => c.stats.duplicates === 1 || undefined, { timeoutMs: 5000 });
      expect(calls).toEqual(['installed:Seen']);
    } finally {
      uninstall();
    }
  });

  it('gives a message back when stopped during a delay, and runs prepare before the transaction, retrying it', async () => {
    const slow = new EventConsumer({
      name: 'stopping', category: 'stopcat', js: ctx.js, jsm: ctx.jsm, namespace: ctx.namespace, db: ctx.db, schema: ctx.appSchema, store,
      handle: async () => undefined, faults: () => ({ delayMs: 60_000 }),
    });
    await slow.start();
    await store.append('stopcat-1', 0, [{ type: 'Waits', data: {} }], meta);
    await waitFor('the message in hand', async () => (await slow.lag()).ackPending === 1 || undefined, { timeoutMs: 15_000 });
    const stopping = Date.now();
    await slow.stop();
    expect(Date.now() - stopping).toBeLessThan(3000);

    let prepared = 0;
    await consumer('stopping', 'stopcat', {
      prepare: async (_event, signal) => {
        expect(signal.aborted).toBe(false);
        if (++prepared === 1) throw new Error('not yet');
      },
    });
    await waitFor('applied by the next start', async () => (await applied('stopping')).length === 1, { timeoutMs: 15_000 });
    expect(prepared).toBe(2);
  });
});
