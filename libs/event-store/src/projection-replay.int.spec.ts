// Replay rebuilds a projection from position 0 and says whether it equals the live one.

import { quoteIdent } from './identifiers';
import {
  EventRelay, PostgresEventStore, ensureEventsStream, installConsumerTables, installEventStoreSchema, projectionConsumer, replayProjection, type Projection,
} from '@app/event-store';
import { createTestContext, type TestContext } from '../../../test/harness/test-context';
import { waitFor } from '../../../test/harness/wait-for';

const meta = { correlationId: 'req-replay', producer: 'test' };

/** A read model of servers: name, status and how many times each was rebooted. */
const serversProjection: Projection = {
  name: 'servers-view',
  tables: ['servers_view'],
  category: 'server',
  async apply(tx, schema, event) {
    const t = `${quoteIdent(schema)}.servers_view`;
    const id = event.streamName.slice('server-'.length);
    const data = event.data as { name?: string };
    switch (event.type) {
      case 'ServerCreateRequested':
        await tx.query(`INSERT INTO ${t} (id, name, status, reboots, updated_at) VALUES ($1, $2, 'BUILD', 0, $3)`, [id, data.name, event.recordedAt]);
        return;
      case 'ServerBuilt':
        await tx.query(`UPDATE ${t} SET status = 'ACTIVE', updated_at = $2 WHERE id = $1`, [id, event.recordedAt]);
        return;
      case 'ServerRebooted':
        await tx.query(`UPDATE ${t} SET reboots = reboots + 1, updated_at = $2 WHERE id = $1`, [id, event.recordedAt]);
        return;
      case 'ServerDeleted':
        await tx.query(`DELETE FROM ${t} WHERE id = $1`, [id]);
        return;
    }
  },
};

describe('replayProjection', () => {
  let ctx: TestContext;
  let store: PostgresEventStore;

  beforeAll(async () => {
    ctx = await createTestContext();
    await installEventStoreSchema(ctx.pool, ctx.eventStoreSchema);
    await installConsumerTables(ctx.pool, ctx.appSchema);
    await ctx.pool.query(`CREATE TABLE ${ctx.appSchema}.servers_view (id text PRIMARY KEY, name text, status text, reboots int, updated_at timestamptz)`);
    await ensureEventsStream(ctx.jsm, ctx.namespace);
    store = new PostgresEventStore(ctx.db, { schema: ctx.eventStoreSchema });
  });
  afterAll(() => ctx.dispose());

  it('rebuilds the live projection exactly, and notices when the live one drifts', async () => {
    const consumer = projectionConsumer(serversProjection, { js: ctx.js, jsm: ctx.jsm, namespace: ctx.namespace, db: ctx.db, schema: ctx.appSchema, store });
    const relay = new EventRelay({ store, connectionString: ctx.databaseUrl, js: ctx.js, namespace: ctx.namespace, idlePollMs: 100 });
    await consumer.start();
    relay.start();
    try {
      let total = 0;
      for (let i = 0; i < 40; i++) {
        const stream = `server-${i}`;
        let v = (await store.append(stream, 0, [{ type: 'ServerCreateRequested', data: { name: `vm-${i}` } }], meta)).nextExpectedVersion;
        v = (await store.append(stream, v, [{ type: 'ServerBuilt', data: {} }], meta)).nextExpectedVersion;
        for (let r = 0; r < i % 3; r++) v = (await store.append(stream, v, [{ type: 'ServerRebooted', data: {} }], meta)).nextExpectedVersion;
        if (i % 7 === 0) v = (await store.append(stream, v, [{ type: 'ServerDeleted', data: {} }], meta)).nextExpectedVersion;
        total += v;
        await store.append(`host-h${i % 4}`, 'any', [{ type: 'HostHeartbeat', data: {} }], meta);
      }
      await waitFor(`${total} applied events`, () => consumer.stats.applied === total || undefined, {
        timeoutMs: 20_000,
        detail: () => ({ consumer: consumer.stats, relay: relay.stats }),
      });
    } finally {
      await relay.stop();
      await consumer.stop();
    }

    const report = await replayProjection({ db: ctx.db, store, projection: serversProjection, schema: ctx.appSchema, pageSize: 50 });
    expect(report).toMatchObject({ projection: 'servers-view', equal: true, differences: [{ table: 'servers_view', onlyLive: 0, onlyReplayed: 0 }] });
    expect(report.eventsApplied).toBeGreaterThan(80);
    expect(report.eventsRead).toBeGreaterThan(report.eventsApplied);
    const { rows } = await ctx.pool.query(`SELECT count(*)::int AS n FROM ${ctx.appSchema}.servers_view`);
    expect(rows[0].n).toBe(40 - 6);

    await ctx.pool.query(`UPDATE ${ctx.appSchema}.servers_view SET reboots = 99 WHERE id = '1'`);
    const drifted = await replayProjection({ db: ctx.db, store, projection: serversProjection, schema: ctx.appSchema });
    expect(drifted.equal).toBe(false);
    expect(drifted.differences).toEqual([{ table: 'servers_view', onlyLive: 1, onlyReplayed: 1 }]);
    const { rows: schemas } = await ctx.pool.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, [`${ctx.appSchema}_replay_%`]);
    expect(schemas).toEqual([]);
  });
});
