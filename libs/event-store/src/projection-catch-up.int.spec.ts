// Regression: a gateway started with a fresh APP_SCHEMA over an existing log showed no images:
// the public images were already in the log, so nothing applied them to the new, empty tables.
// catchUpEmptyProjection rebuilds an empty inline projection from the log, once.

import { PostgresEventStore, catchUpEmptyProjection, installEventStoreSchema, replayProjection, type Projection } from '@app/event-store';
import { createTestContext, type TestContext } from '../../../test/harness/test-context';

const meta = { correlationId: 'req-catch-up', producer: 'test' };

const notes: Projection = {
  name: 'notes',
  tables: ['notes'],
  category: 'note',
  async apply(tx, schema, event) {
    const id = event.streamName.slice('note-'.length);
    if (event.type === 'NoteWritten') await tx.query(`INSERT INTO "${schema}".notes (id, text) VALUES ($1, $2)`, [id, (event.data as { text: string }).text]);
    if (event.type === 'NoteErased') await tx.query(`DELETE FROM "${schema}".notes WHERE id = $1`, [id]);
  },
};

describe('catchUpEmptyProjection', () => {
  let ctx: TestContext;
  let store: PostgresEventStore;

  beforeAll(async () => {
    ctx = await createTestContext();
    await installEventStoreSchema(ctx.pool, ctx.eventStoreSchema);
    await ctx.pool.query(`CREATE SCHEMA "${ctx.appSchema}"; CREATE TABLE "${ctx.appSchema}".notes (id text PRIMARY KEY, text text)`);
    store = new PostgresEventStore(ctx.db, { schema: ctx.eventStoreSchema });
    for (let i = 0; i < 5; i++) await store.append(`note-${i}`, 0, [{ type: 'NoteWritten', data: { text: `n${i}` } }], meta);
    await store.append('note-3', 1, [{ type: 'NoteErased', data: {} }], meta);
    await store.append('host-h', 0, [{ type: 'HostHeartbeat', data: {} }], meta);
  });
  afterAll(() => ctx.dispose());

  it('rebuilds empty tables from the log, exactly as a replay would', async () => {
    const options = { db: ctx.db, store, projection: notes, schema: ctx.appSchema };
    expect(await catchUpEmptyProjection(options)).toBe(6);
    const { rows } = await ctx.pool.query(`SELECT id, text FROM "${ctx.appSchema}".notes ORDER BY id`);
    expect(rows).toEqual([{ id: '0', text: 'n0' }, { id: '1', text: 'n1' }, { id: '2', text: 'n2' }, { id: '4', text: 'n4' }]);
    expect((await replayProjection(options)).equal).toBe(true);
  });

  it('leaves tables that already hold rows alone, and rebuilds once when replicas race', async () => {
    const options = { db: ctx.db, store, projection: notes, schema: ctx.appSchema };
    expect(await catchUpEmptyProjection(options)).toBe(0);
    await ctx.pool.query(`TRUNCATE "${ctx.appSchema}".notes`);
    const applied = await Promise.all([catchUpEmptyProjection(options), catchUpEmptyProjection(options), catchUpEmptyProjection(options)]);
    expect(applied.sort()).toEqual([0, 0, 6]);
    expect((await replayProjection(options)).equal).toBe(true);
  });
});
