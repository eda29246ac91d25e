// The event log against real Postgres: optimistic concurrency, stream reads, and a global
// reader that sees every event of concurrent writers exactly once, in order, none skipped.

import { createTestContext, type TestContext } from '../../../test/harness/test-context';
import { waitFor } from '../../../test/harness/wait-for';
import { InvalidAppendError, PostgresEventStore, WrongExpectedVersionError, installEventStoreSchema } from '@app/event-store';

const meta = { correlationId: 'req-test', producer: 'test' };

describe('PostgresEventStore', () => {
  let ctx: TestContext;
  let store: PostgresEventStore;

  beforeAll(async () => {
    ctx = await createTestContext();
    await installEventStoreSchema(ctx.pool, ctx.eventStoreSchema);
    store = new PostgresEventStore(ctx.db, { schema: ctx.eventStoreSchema });
  });
  afterAll(() => ctx.dispose());

  /**
   * The position of the last event this file committed. Not readAll's last page: readAll
   * rightly holds back while any older transaction in the cluster (another test file's)
   * is still open.
   */
  const lastCommittedPosition = () => store.headPosition();

  it('appends to a new stream and reads it back in version order', async () => {
    const result = await store.append('server-a', 0, [
      { type: 'ServerCreateRequested', data: { name: 'web' } },
      { type: 'ServerScheduled', data: { host: 'h1' } },
    ], { ...meta, tenantId: 'demo' });
    expect(result.nextExpectedVersion).toBe(2);
    const events = await store.readStream('server-a');
    expect(events.map((e) => [e.streamVersion, e.type])).toEqual([[1, 'ServerCreateRequested'], [2, 'ServerScheduled']]);
    expect(events[0].metadata).toEqual({ ...meta, tenantId: 'demo' });
    expect(BigInt(events[1].position)).toBeGreaterThan(BigInt(events[0].position));
    expect(await store.readStream('server-a', 2)).toHaveLength(1);
  });

  it('refuses an append whose expected version is not the current one, and writes nothing', async () => {
    await store.append('server-b', 0, [{ type: 'ServerCreateRequested', data: {} }], meta);
    await expect(store.append('server-b', 0, [{ type: 'ServerScheduled', data: {} }], meta)).rejects.toMatchObject({
      name: 'WrongExpectedVersionError', streamName: 'server-b', expectedVersion: 0, actualVersion: 1,
    });
    await expect(store.append('server-b', 5, [{ type: 'ServerScheduled', data: {} }], meta)).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(await store.currentVersion('server-b')).toBe(1);
  });

  it('lets exactly one of two concurrent appends with the same expected version win', async () => {
    await store.append('server-race', 0, [{ type: 'ServerCreateRequested', data: {} }], meta);
    for (let round = 0; round < 20; round++) {
      const expected = await store.currentVersion('server-race');
      const results = await Promise.allSettled([
        store.append('server-race', expected, [{ type: 'ServerRebootRequested', data: { by: 'a' } }], meta),
        store.append('server-race', expected, [{ type: 'ServerRebootRequested', data: { by: 'b' } }], meta),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0].reason).toBeInstanceOf(WrongExpectedVersionError);
      expect(await store.currentVersion('server-race')).toBe(expected + 1);
    }
  });

  it("appends with 'any' under contention without losing an event", async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.append('host-any', 'any', [{ type: 'HostHeartbeat', data: { i } }], meta)));
    const events = await store.readStream('host-any');
    expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('refuses malformed appends before touching the database', async () => {
    await expect(store.append('no_category', 0, [{ type: 'X', data: {} }], meta)).rejects.toBeInstanceOf(InvalidAppendError);
    await expect(store.append('server-x', 0, [], meta)).rejects.toBeInstanceOf(InvalidAppendError);
    await expect(store.append('server-x', 0, [{ type: 'not pascal', data: {} }], meta)).rejects.toBeInstanceOf(InvalidAppendError);
    await expect(store.append('server-x', -1, [{ type: 'X', data: {} }], meta)).rejects.toBeInstanceOf(InvalidAppendError);
  });

  it('keeps two appends in one caller transaction in order, with the version check inside it', async () => {
    await ctx.db.transaction(async (tx) => {
      await store.append('server-tx1', 0, [{ type: 'A', data: {} }, { type: 'B', data: {} }], meta, tx);
      await store.append('server-tx2', 0, [{ type: 'C', data: {} }], meta, tx);
    });
    const [a, b] = await store.readStream('server-tx1');
    const [c] = await store.readStream('server-tx2');
    expect(BigInt(a.position) < BigInt(b.position) && BigInt(b.position) < BigInt(c.position)).toBe(true);
  });

  it('hides events of a transaction that has not committed, and everything after them', async () => {
    const tail = await lastCommittedPosition();
    const open = await ctx.pool.connect();
    try {
      await open.query('BEGIN');
      await store.append('server-slow', 0, [{ type: 'A', data: {} }], meta, open);
      // A later transaction commits while the first is still open.
      await store.append('server-fast', 0, [{ type: 'B', data: {} }], meta);
      expect(await store.readAll(tail, 100)).toEqual([]);
      await open.query('COMMIT');
    } finally {
      open.release();
    }
    const after = await waitFor('both events', async () => {
      const page = await store.readAll(tail, 100);
      return page.length === 2 && page;
    });
    expect(after.map((e) => e.streamName)).toEqual(['server-slow', 'server-fast']);
  });

  it('gives a tailing reader all 4,000 events of 8 concurrent writers exactly once, in position order', async () => {
    const start = await lastCommittedPosition();
    const writers = 8;
    const perWriter = 500;
    const total = writers * perWriter;
    const seen: string[] = [];
    const seenIds = new Set<string>();
    const reader = (async () => {
      let after = start;
      const deadline = Date.now() + 60_000;
      while (seen.length < total && Date.now() < deadline) {
        const page = await store.readAll(after, 250);
        for (const e of page) {
          expect(BigInt(e.position)).toBeGreaterThan(BigInt(after));
          after = e.position;
          seen.push(e.position);
          seenIds.add(e.eventId);
        }
        if (page.length === 0) await new Promise((r) => setTimeout(r, 2));
      }
      // Nothing more may come after the last one.
      expect(await store.readAll(after, 10)).toEqual([]);
    })();
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < perWriter; i++) {
          // Some writers append batches of two to interleave multi-row transactions.
          const events = w % 2 === 0 || i % 2 === 1 ? [{ type: 'Tick', data: { w, i } }] : [{ type: 'Tick', data: { w, i } }, { type: 'Tock', data: { w, i } }];
          if (events.length === 2) i++;
          await store.append(`test-w${w}`, 'any', events, meta);
        }
      }),
    );
    await reader;
    expect(seen).toHaveLength(total);
    expect(seenIds.size).toBe(total);
    const sorted = [...seen].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    expect(seen).toEqual(sorted);
    // And the stream versions of every writer are dense.
    for (let w = 0; w < writers; w++) {
      const versions = (await store.readStream(`test-w${w}`)).map((e) => e.streamVersion);
      expect(versions).toEqual(Array.from({ length: perWriter }, (_, i) => i + 1));
    }
  });

  it('signals each commit: at once without a transaction, after COMMIT within one, never after ROLLBACK', async () => {
    let signals = 0;
    const signalling = new PostgresEventStore(ctx.db, { schema: ctx.eventStoreSchema, onCommitted: () => signals++ });
    await signalling.append('server-sig1', 0, [{ type: 'A', data: {} }], meta);
    expect(signals).toBe(1);
    await ctx.db.transaction(async (tx) => {
      await signalling.append('server-sig2', 0, [{ type: 'A', data: {} }], meta, tx);
      await signalling.append('server-sig3', 0, [{ type: 'A', data: {} }], meta, tx);
      expect(signals).toBe(1);
    });
    expect(signals).toBe(2);
    await expect(ctx.db.transaction(async (tx) => {
      await signalling.append('server-sig4', 0, [{ type: 'A', data: {} }], meta, tx);
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect(signals).toBe(2);
    expect(await store.currentVersion('server-sig4')).toBe(0);
  });
});
