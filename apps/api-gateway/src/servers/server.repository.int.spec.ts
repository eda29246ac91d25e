// The servers read model end to end inside one process, against real Postgres and NATS:
// servers appended to the log and caught up in the append's transaction (read-your-writes);
// one by id or UUID for its tenant only; lists newest first with every filter, changes-since
// showing DELETED servers, pages and bad markers; events another app appends reaching the
// rows through the durable consumer; and a replay of the projection equal to the live tables.

import { randomUUID } from 'node:crypto';
import { type ServerCreateRequested, type ServerEvent } from '@app/domain/server';
import { createData, fault } from '@app/domain/server/server.fixtures';
import { EventRelay, PostgresEventStore, installConsumerTables, installEventStoreSchema, replayProjection } from '@app/event-store';
import { AppConsumers, LiveProjections, type PlatformConfig } from '@app/platform';
import { createTestContext, type TestContext } from '../../../../test/harness/test-context';
import { waitFor } from '../../../../test/harness/wait-for';
import { ComputeFault } from '../http/faults';
import { createServersMigration } from '../migrations/create-servers.migration';
import type { ServerQuery } from './server-query';
import { serverProjection } from './server.projection';
import { ServerRepository } from './server.repository';
import { ServersReadModel } from './servers-read-model.service';

const A = 't-a';
const B = 't-b';
const IMAGE_34971 = 'a3c0c8f4-0000-4000-8000-000000034971';
const at = (minute: number) => new Date(Date.UTC(2012, 10, 1, 4, minute)).toISOString();

describe('servers read model (Postgres, NATS)', () => {
  let ctx: TestContext;
  let store: PostgresEventStore;
  let readModel: ServersReadModel;
  let live: LiveProjections;
  let consumers: AppConsumers;
  let servers: ServerRepository;
  let relay: EventRelay;
  let nextId = 300000;
  const s: Record<string, { uuid: string; id: number }> = {};

  /** A new server's events appended and projected in one transaction, as the command side does. */
  async function create(key: string, tenantId: string, name: string, minute: number, more: ServerEvent[] = [], data: Partial<ServerCreateRequested['data']> = {}) {
    const uuid = randomUUID();
    const id = nextId++;
    const events: ServerEvent[] = [{ type: 'ServerCreateRequested', data: { ...createData, serverId: id, tenantId, name, requestedAt: at(minute), ...data } }, ...more];
    await ctx.db.transaction(async (tx) => {
      await store.append(`server-${uuid}`, 0, events, { correlationId: `req-${key}`, tenantId, producer: 'api-gateway' }, tx);
      await readModel.catchUp(tx, uuid);
    });
    s[key] = { uuid, id };
  }
  const list = async (tenantId: string, q: Partial<ServerQuery> = {}) => (await servers.list(tenantId, { page: { limit: 1000 }, ...q })).map((r) => r.name);
  const rejection = (work: Promise<unknown>) => work.then(() => undefined, (e: ComputeFault) => ({ code: e.code, message: e.message }));

  beforeAll(async () => {
    ctx = await createTestContext();
    await installEventStoreSchema(ctx.pool, ctx.eventStoreSchema);
    await ctx.pool.query(`CREATE SCHEMA "${ctx.appSchema}"`);
    await installConsumerTables(ctx.pool, ctx.appSchema);
    const Migration = createServersMigration(ctx.appSchema);
    await new Migration().up({ query: (sql: string, params?: unknown[]) => ctx.pool.query(sql, params) } as never);
    store = new PostgresEventStore(ctx.db, { schema: ctx.eventStoreSchema });
    const config = { appSchema: ctx.appSchema, natsNamespace: ctx.namespace } as PlatformConfig;
    const quiet = { child: () => ({ info: () => undefined, warn: () => undefined }) };
    consumers = new AppConsumers(ctx.db, store, config, ctx.nc, quiet as never);
    live = new LiveProjections({ projections: [serverProjection], options: {} }, consumers, store, config);
    readModel = new ServersReadModel(live);
    servers = new ServerRepository(ctx.db, config);

    const built: ServerEvent[] = [
      { type: 'ServerScheduled', data: { host: 'compute-1', agentId: 'agent-1', availabilityZone: 'az-1', scheduledAt: at(20) } },
      { type: 'ServerNetworkingStarted', data: { at: at(20) } },
      { type: 'ServerNetworkAllocated', data: { fixedIp: '10.0.0.5', floatingIp: '15.185.96.10', at: at(20) } },
      { type: 'ServerBuilt', data: { powerState: 1, launchedAt: at(21) } },
    ];
    await create('old', A, 'web-old', 0, [{ type: 'ServerDeleteRequested', data: { at: at(30) } }, { type: 'ServerDeleted', data: { tenantId: A, at: at(30) } }]);
    await create('web1', A, 'web-1', 1, built, { metadata: { role: 'web' } });
    await create('web2', A, 'web-2', 2, [{ type: 'ServerSpawningStarted', data: { at: at(22) } }], { imageUuid: IMAGE_34971, imageId: '34971', flavorId: '101' });
    await create('db1', A, 'db-1', 3, [{ type: 'ServerSchedulingFailed', data: { fault: fault('No valid host was found. ', at(3)) } }]);
    await create('other', B, 'web-b', 4);
    await create('twin1', A, 'twin', 5, [], { multiCreateId: 'r-twins' });
    await create('twin2', A, 'twin', 5, [], { multiCreateId: 'r-twins' });
  });
  afterAll(async () => {
    await relay?.stop();
    await consumers?.beforeApplicationShutdown();
    await ctx.dispose();
  });

  describe('one server', () => {
    it('is found by its integer id or its UUID (any case), with its metadata, right after the append', async () => {
      expect(await servers.find(A, String(s.web1.id))).toMatchObject({ uuid: s.web1.uuid, name: 'web-1', vmState: 'ACTIVE', taskState: null, metadata: { role: 'web' } });
      expect(await servers.find(A, s.web1.uuid.toUpperCase())).toMatchObject({ id: s.web1.id, fixedIp: '10.0.0.5', autoFloatingIp: '15.185.96.10', host: 'compute-1' });
    });

    it("is not found for another tenant, when DELETED, or by a reference that is neither id nor UUID", async () => {
      expect(await servers.find(B, s.web1.uuid)).toBeUndefined();
      expect(await servers.find(B, String(s.web1.id))).toBeUndefined();
      expect(await servers.find(A, s.old.uuid)).toBeUndefined();
      expect(await servers.find(A, 'web-1')).toBeUndefined();
      expect(await servers.find(A, '99999999999999999999')).toBeUndefined();
    });
  });

  describe('lists', () => {
    it('give the tenant its servers newest first (id desc within one create time), without DELETED ones', async () => {
      expect(await list(A)).toEqual(['twin', 'twin', 'db-1', 'web-2', 'web-1']);
      expect((await servers.list(A, { page: { limit: 2 } })).map((r) => r.id)).toEqual([s.twin2.id, s.twin1.id]);
      expect(await list(B)).toEqual(['web-b']);
      expect(await list('t-nobody')).toEqual([]);
    });

    it('filter by image id, UUID or URL tail, and by flavor', async () => {
      expect(await list(A, { image: '120' })).toEqual(['twin', 'twin', 'db-1', 'web-1']);
      expect(await list(A, { image: IMAGE_34971.toUpperCase() })).toEqual(['web-2']);
      expect(await list(A, { image: '34971' })).toEqual(['web-2']);
      expect(await list(A, { image: 'no-such-image' })).toEqual([]);
      expect(await list(A, { flavor: '101' })).toEqual(['web-2']);
      expect(await list(A, { flavor: '100', image: '120' })).toEqual(['twin', 'twin', 'db-1', 'web-1']);
    });

    it('filter by name as a regular expression matched from the start of the name', async () => {
      expect(await list(A, { name: 'web' })).toEqual(['web-2', 'web-1']);
      expect(await list(A, { name: 'w.b-[1]' })).toEqual(['web-1']);
      expect(await list(A, { name: '1' })).toEqual([]);
      expect(await list(A, { name: '.*-1$' })).toEqual(['db-1', 'web-1']);
      expect(await rejection(servers.list(A, { name: 'web(', page: { limit: 10 } }))).toEqual({ code: 400, message: expect.stringContaining('Invalid name filter [web(]') });
    });

    it('filter by status: the vm_state, or the vm_state with its task', async () => {
      expect(await list(A, { status: { vmState: 'ACTIVE' } })).toEqual(['web-1']);
      expect(await list(A, { status: { vmState: 'BUILD' } })).toEqual(['twin', 'twin', 'web-2']);
      expect(await list(A, { status: { vmState: 'BUILD', taskState: 'spawning' } })).toEqual(['web-2']);
      expect(await list(A, { status: { vmState: 'ERROR' } })).toEqual(['db-1']);
      expect(await list(A, { status: { vmState: 'DELETED' } })).toEqual([]);
    });

    it('with changes-since give the servers updated at or after it, DELETED ones included', async () => {
      expect(await list(A, { changesSince: new Date(at(21)) })).toEqual(['web-2', 'web-1', 'web-old']);
      expect(await list(A, { changesSince: new Date(at(30)) })).toEqual(['web-old']);
      expect(await list(A, { changesSince: new Date(at(31)) })).toEqual([]);
      expect(await list(A, { changesSince: new Date(at(0)), status: { vmState: 'DELETED' } })).toEqual(['web-old']);
      const [deleted] = await servers.list(A, { changesSince: new Date(at(30)), page: { limit: 1 } });
      expect(deleted).toMatchObject({ vmState: 'DELETED', fixedIp: null, deleted: new Date(at(30)), updated: new Date(at(30)) });
    });

    it('page after a marker given by id or UUID, a DELETED server too', async () => {
      expect(await list(A, { page: { limit: 2, marker: String(s.twin1.id) } })).toEqual(['db-1', 'web-2']);
      expect(await list(A, { page: { limit: 2, marker: s.twin2.uuid } })).toEqual(['twin', 'db-1']);
      expect(await list(A, { page: { limit: 2, marker: s.web1.uuid } })).toEqual([]);
      expect(await list(A, { changesSince: new Date(at(0)), page: { limit: 5, marker: s.web1.uuid } })).toEqual(['web-old']);
      expect(await list(A, { page: { limit: 5, marker: s.old.uuid } })).toEqual([]);
    });

    it('refuse a marker that names no server of the tenant with a 400', async () => {
      for (const marker of [s.other.uuid, String(s.other.id), randomUUID(), '12', 'web-1']) {
        expect(await rejection(servers.list(A, { page: { limit: 5, marker } }))).toEqual({ code: 400, message: `marker [${marker}] not found` });
      }
    });
  });

  describe('read-your-writes and the live consumer', () => {
    it('applies a stream once: a second catch-up finds nothing left to apply', async () => {
      const before = await servers.find(A, s.web1.uuid);
      await ctx.db.transaction((tx) => readModel.catchUp(tx, s.web1.uuid));
      expect(await servers.find(A, s.web1.uuid)).toEqual(before);
    });

    it('applies the events other apps append, through the durable consumer, and skips those already caught up', async () => {
      relay = new EventRelay({ store, connectionString: ctx.databaseUrl, js: ctx.js, namespace: ctx.namespace, idlePollMs: 50, leaderRetryMs: 100 });
      await live.onApplicationBootstrap();
      relay.start();
      await store.append(
        `server-${s.web2.uuid}`,
        'any',
        [
          { type: 'ServerSpawnProgressed', data: { progress: 70, at: at(40) } },
          { type: 'ServerBuilt', data: { powerState: 1, launchedAt: at(41) } },
        ],
        { correlationId: 'req-web2', tenantId: A, producer: 'compute-agent' },
      );
      const web2 = await waitFor('web-2 ACTIVE through the consumer', async () => {
        const found = await servers.find(A, s.web2.uuid);
        return found?.vmState === 'ACTIVE' && found;
      });
      expect(web2).toMatchObject({ progress: 100, launched: new Date(at(41)), updated: new Date(at(41)) });
      // The streams caught up in their append's transaction arrive too, as duplicates: nothing changes.
      await waitFor('the consumer to have seen every stream', async () => {
        const { rows } = await ctx.pool.query(`SELECT count(*)::int AS n FROM "${ctx.appSchema}".processed_events WHERE consumer = 'servers'`);
        const { rows: all } = await ctx.pool.query(`SELECT count(*)::int AS n FROM "${ctx.eventStoreSchema}".events`);
        return rows[0].n === all[0].n;
      });
      expect(await list(A)).toEqual(['twin', 'twin', 'db-1', 'web-2', 'web-1']);
    });

    it('replays the log into rows equal to the live ones', async () => {
      const report = await replayProjection({ db: ctx.db, store, projection: serverProjection, schema: ctx.appSchema });
      expect(report.differences).toEqual([
        { table: 'servers', onlyLive: 0, onlyReplayed: 0 },
        { table: 'server_metadata', onlyLive: 0, onlyReplayed: 0 },
      ]);
      expect(report.equal).toBe(true);
    });
  });
});
