// ImageCatalog against real Postgres: public images registered once even by racing replicas,
// the snapshot lifecycle (SAVING, then ACTIVE or ERROR), concurrent metadata writers retried
// from a fresh read, tenant visibility in the read model, and a replay of the images
// projection that equals the live tables.

import { ImageNotFoundError, InvalidImageStateError } from '@app/domain/image';
import { PostgresEventStore, installEventStoreSchema, replayProjection } from '@app/event-store';
import type { PlatformConfig } from '@app/platform';
import { createTestContext, type TestContext } from '../../../../test/harness/test-context';
import { createImagesMigration } from '../migrations/create-images.migration';
import { ImageCatalog } from './image-catalog.service';
import { imageProjection } from './image.projection';
import { ImageRepository } from './image.repository';
import { PUBLIC_IMAGES } from './public-images';

const SERVER = 'e5ac3d3c-cda3-4106-b60a-0a29b382fda2';

describe('ImageCatalog (Postgres)', () => {
  let ctx: TestContext;
  let store: PostgresEventStore;
  let catalog: ImageCatalog;
  let images: ImageRepository;

  beforeAll(async () => {
    ctx = await createTestContext();
    await installEventStoreSchema(ctx.pool, ctx.eventStoreSchema);
    await ctx.pool.query(`CREATE SCHEMA "${ctx.appSchema}"`);
    const Migration = createImagesMigration(ctx.appSchema);
    await new Migration().up({ query: (sql: string, params?: unknown[]) => ctx.pool.query(sql, params) } as never);
    store = new PostgresEventStore(ctx.db, { schema: ctx.eventStoreSchema });
    catalog = new ImageCatalog(ctx.db, store, ctx.appSchema);
    images = new ImageRepository(ctx.db, { appSchema: ctx.appSchema } as PlatformConfig);
  });
  afterAll(() => ctx.dispose());

  it('registers the public images once, even when two replicas race', async () => {
    const other = new ImageCatalog(ctx.db, new PostgresEventStore(ctx.db, { schema: ctx.eventStoreSchema }), ctx.appSchema);
    const results = await Promise.all(PUBLIC_IMAGES.flatMap((image) => [catalog.registerPublicImage(image, 'req-a'), other.registerPublicImage(image, 'req-b')]));
    expect(results.filter(Boolean)).toHaveLength(PUBLIC_IMAGES.length);
    expect(await catalog.registerPublicImage(PUBLIC_IMAGES[0], 'req-c')).toBe(false);
    for (const image of PUBLIC_IMAGES) {
      const events = await store.readStream(`image-${image.uuid}`);
      expect(events.map((e) => [e.type, e.eventId])).toEqual([['ImageRegistered', image.eventId]]);
    }
    const listed = await images.list('anyone', { snapshotsOnly: false, page: { limit: 1000 } });
    expect(listed.map((i) => i.id)).toEqual(['34971', '120']);
    expect(listed[1].metadata).toMatchObject({ architecture: 'amd64', min_ram: 0, owner: null });
  });

  it('begins a snapshot SAVING for its tenant only, then completes it ACTIVE', async () => {
    const { uuid, image } = await catalog.beginSnapshot('t-demo', SERVER, 'image-1', { 'key-1': 'value-1' }, 'req-snap');
    expect(image).toMatchObject({ status: 'SAVING', tenantId: 't-demo', serverId: SERVER, name: 'image-1' });
    expect(Number(image.imageId)).toBeGreaterThanOrEqual(100000);
    const [requested] = await store.readStream(`image-${uuid}`);
    expect(requested.metadata).toMatchObject({ correlationId: 'req-snap', tenantId: 't-demo', producer: 'api-gateway' });

    expect(await images.find('t-demo', uuid)).toMatchObject({ id: image.imageId, status: 'SAVING', progress: 25, snapshot: true, metadata: { 'key-1': 'value-1' } });
    expect(await images.find('t-demo', image.imageId)).toBeDefined();
    expect(await images.find('t-alt', uuid)).toBeUndefined();
    expect(await images.find('t-alt', image.imageId)).toBeUndefined();

    expect((await catalog.completeSnapshot(uuid, 'req-done')).status).toBe('ACTIVE');
    expect(await images.find('t-demo', uuid)).toMatchObject({ status: 'ACTIVE', progress: 100 });
    await expect(catalog.completeSnapshot(uuid)).rejects.toThrow(InvalidImageStateError);
  });

  it('fails a snapshot ERROR, and refuses commands for an image that does not exist', async () => {
    const { uuid } = await catalog.beginSnapshot('t-demo', SERVER, 'broken', {}, 'req-x');
    expect((await catalog.failSnapshot(uuid, 'the hypervisor lost the disk')).status).toBe('ERROR');
    expect(await images.find('t-demo', uuid)).toMatchObject({ status: 'ERROR', progress: 0 });
    await expect(catalog.completeSnapshot('00000000-0000-4000-8000-000000000000')).rejects.toThrow(ImageNotFoundError);
  });

  it('keeps every concurrent metadata change: a stale writer retries from a fresh read', async () => {
    const { uuid } = await catalog.beginSnapshot('t-demo', SERVER, 'busy', {}, 'req-busy');
    await Promise.all(Array.from({ length: 6 }, (_, i) => catalog.setMetadataItem(uuid, `k${i}`, `v${i}`, `req-${i}`)));
    const image = await images.find('t-demo', uuid);
    expect(image?.metadata).toEqual({ k0: 'v0', k1: 'v1', k2: 'v2', k3: 'v3', k4: 'v4', k5: 'v5' });
    expect(await store.readStream(`image-${uuid}`)).toHaveLength(7);
  });

  it('lists snapshots by server, and deleted images only since a time', async () => {
    const since = new Date();
    const { uuid } = await catalog.beginSnapshot('t-demo', SERVER, 'doomed', {}, 'req-d');
    await catalog.deleteImage(uuid, 'req-del');
    expect(await images.find('t-demo', uuid)).toBeUndefined();
    const plain = await images.list('t-demo', { snapshotsOnly: true, serverId: SERVER, page: { limit: 1000 } });
    expect(plain.map((i) => i.name)).toEqual(['busy', 'broken', 'image-1']);
    const changed = await images.list('t-demo', { snapshotsOnly: false, changesSince: since, page: { limit: 1000 } });
    expect(changed.map((i) => [i.name, i.status])).toEqual([['doomed', 'DELETED']]);
  });

  it('rebuilds the images projection from the log exactly (replay equals live)', async () => {
    const { uuid } = await catalog.beginSnapshot('t-alt', SERVER, 'replayed', { a: '1', b: '2' }, 'req-r');
    await catalog.updateMetadata(uuid, { b: '3', c: '4' }, 'req-r2');
    await catalog.deleteMetadataItem(uuid, 'a', 'req-r3');
    await catalog.replaceMetadata(PUBLIC_IMAGES[1].uuid, { only: 'this' }, 'req-r4');
    await catalog.completeSnapshot(uuid);
    await catalog.deleteImage(PUBLIC_IMAGES[0].uuid, 'req-r5');
    const report = await replayProjection({ db: ctx.db, store, projection: imageProjection, schema: ctx.appSchema });
    expect(report.differences).toEqual([
      { table: 'images', onlyLive: 0, onlyReplayed: 0 },
      { table: 'image_metadata', onlyLive: 0, onlyReplayed: 0 },
    ]);
    expect(report.equal).toBe(true);
    expect(report.eventsApplied).toBeGreaterThanOrEqual(20);

    // A drift in the live tables is noticed.
    await ctx.pool.query(`UPDATE "${ctx.appSchema}".image_metadata SET value = '"drifted"' WHERE key = 'only'`);
    expect((await replayProjection({ db: ctx.db, store, projection: imageProjection, schema: ctx.appSchema })).equal).toBe(false);
  });
});
