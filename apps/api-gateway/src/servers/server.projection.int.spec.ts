// The servers projection against real Postgres: for every (vm_state, task_state) a server can
// reach (the decider's fixtures), the projected row holds what the decider's fold holds; the
// actions' details (metadata, rename, security groups, floating IPs, rebuild) land as the
// events say; DELETED releases the addresses; unknown event types change nothing.

import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '@app/contracts';
import { type ServerEvent, type ServerState, foldServer } from '@app/domain/server';
import {
  ADDED_FLOATING_IP, AUTO_FLOATING_IP, BUILD_PATH, LATER, SITUATIONS, created, deleteRequested, deleted, fault, hardRebootRequested,
} from '@app/domain/server/server.fixtures';
import { createTestContext, type TestContext } from '../../../../test/harness/test-context';
import { createServersMigration } from '../migrations/create-servers.migration';
import { serverProjection } from './server.projection';

const AT = (s: number) => `2012-05-10T10:00:${String(s).padStart(2, '0')}Z`;

describe('servers projection (Postgres)', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestContext();
    await ctx.pool.query(`CREATE SCHEMA "${ctx.appSchema}"`);
    const Migration = createServersMigration(ctx.appSchema);
    await new Migration().up({ query: (sql: string, params?: unknown[]) => ctx.pool.query(sql, params) } as never);
  });
  afterAll(() => ctx.dispose());

  /** Applies `events` to a new server's rows, as the consumer would, and returns its uuid. */
  async function project(events: { type: string; data: unknown }[], uuid: string = randomUUID()): Promise<string> {
    await ctx.db.transaction(async (tx) => {
      for (const [i, e] of events.entries()) {
        const recorded: RecordedEvent = {
          eventId: randomUUID(), streamName: `server-${uuid}`, streamVersion: i + 1, position: String(i + 1), type: e.type, schemaVersion: 1,
          data: e.data, metadata: { correlationId: 'req-test', producer: 'test' }, recordedAt: new Date().toISOString(),
        };
        await serverProjection.apply(tx, ctx.appSchema, recorded);
      }
    });
    return uuid;
  }

  const iso = (t: Date | string | null) => (t === null ? null : new Date(t).toISOString());

  /** The row and its metadata, in the fold's vocabulary. */
  async function projected(uuid: string) {
    const { rows } = await ctx.pool.query(`SELECT * FROM "${ctx.appSchema}".servers WHERE uuid = $1`, [uuid]);
    if (rows.length === 0) return undefined;
    const r = rows[0];
    const { rows: items } = await ctx.pool.query(`SELECT key, value FROM "${ctx.appSchema}".server_metadata WHERE server_uuid = $1`, [uuid]);
    return {
      serverId: Number(r.id), tenantId: r.tenant_id, userId: r.user_id, name: r.name, vmState: r.vm_state, taskState: r.task_state, powerState: r.power_state,
      progress: r.progress, imageUuid: r.image_uuid, imageId: r.image_id, flavorId: r.flavor_id, host: r.host, agentId: r.agent_id,
      availabilityZone: r.availability_zone, fixedIp: r.fixed_ip, autoFloatingIp: r.auto_floating_ip, addedFloatingIps: r.added_floating_ips,
      securityGroups: r.security_groups, keyName: r.key_name, configDrive: r.config_drive, accessIPv4: r.access_ipv4, accessIPv6: r.access_ipv6,
      multiCreateId: r.multi_create_id, fault: r.fault, metadata: Object.fromEntries(items.map((i) => [i.key, i.value])),
      createdAt: iso(r.created_at), updatedAt: iso(r.updated_at), launchedAt: iso(r.launched_at), deletedAt: iso(r.deleted_at),
    };
  }

  function folded(s: ServerState) {
    return {
      serverId: s.serverId, tenantId: s.tenantId, userId: s.userId, name: s.name, vmState: s.vmState, taskState: s.taskState, powerState: s.powerState,
      progress: s.progress, imageUuid: s.imageUuid, imageId: s.imageId, flavorId: s.flavorId, host: s.host, agentId: s.agentId,
      availabilityZone: s.availabilityZone, fixedIp: s.fixedIp, autoFloatingIp: s.autoFloatingIp, addedFloatingIps: s.addedFloatingIps,
      securityGroups: s.securityGroups, keyName: s.keyName, configDrive: s.configDrive, accessIPv4: s.accessIPv4, accessIPv6: s.accessIPv6,
      multiCreateId: s.multiCreateId, fault: s.fault, metadata: s.metadata,
      createdAt: iso(s.createdAt), updatedAt: iso(s.updatedAt), launchedAt: iso(s.launchedAt), deletedAt: iso(s.deletedAt),
    };
  }

  /** ServerCreateRequested with a fresh integer id (the column is unique). */
  let nextId = 500000;
  const createdAnew = (): ServerEvent => ({ type: 'ServerCreateRequested', data: { ...(created.data as object), serverId: nextId++ } as never });
  const withFreshId = (history: ServerEvent[]) => history.map((e) => (e.type === 'ServerCreateRequested' ? createdAnew() : e));

  describe.each(SITUATIONS.filter((s) => s.history.length > 0).map((s) => [s.name, s.history] as const))('%s', (_name, history) => {
    it('projects the row the decider folds', async () => {
      const events = withFreshId(history);
      expect(await projected(await project(events))).toEqual(folded(foldServer(events)));
    });
  });

  it('projects metadata, renames, access IPs, security groups and a rebuild as the fold does', async () => {
    const events: ServerEvent[] = [
      ...withFreshId(BUILD_PATH),
      { type: 'ServerMetadataItemSet', data: { key: 'role', value: 'web', at: AT(1) } },
      { type: 'ServerMetadataItemSet', data: { key: 'foo', value: 'baz', at: AT(2) } },
      { type: 'ServerMetadataItemDeleted', data: { key: 'Server Name', at: AT(3) } },
      { type: 'ServerUpdated', data: { name: 'renamed', accessIPv4: '67.23.10.132', at: AT(4) } },
      { type: 'ServerSecurityGroupAdded', data: { name: 'web', at: AT(5) } },
      { type: 'ServerSecurityGroupRemoved', data: { name: 'default', at: AT(6) } },
      { type: 'ServerFloatingIpAdded', data: { address: ADDED_FLOATING_IP, at: AT(7) } },
      {
        type: 'ServerRebuildRequested',
        data: { imageUuid: 'a3c0c8f4-0000-4000-8000-000000034971', imageId: '34971', name: 'rebuilt', metadata: { fresh: 'yes' }, personality: [], at: AT(8) },
      },
      { type: 'ServerSpawnProgressed', data: { progress: 60, at: AT(9) } },
    ];
    const uuid = await project(events);
    const row = await projected(uuid);
    expect(row).toEqual(folded(foldServer(events)));
    expect(row).toMatchObject({
      name: 'rebuilt', imageId: '34971', taskState: 'rebuilding', progress: 60, accessIPv4: '67.23.10.132', metadata: { fresh: 'yes' },
      securityGroups: ['web'], addedFloatingIps: [ADDED_FLOATING_IP], updatedAt: iso(AT(9)),
    });

    await project([{ type: 'ServerRebuilt', data: { powerState: 1, at: AT(10) } }, { type: 'ServerMetadataSet', data: { metadata: { a: '1', b: '2' }, at: AT(11) } }], uuid);
    expect(await projected(uuid)).toMatchObject({ vmState: 'ACTIVE', taskState: null, progress: 100, launchedAt: iso(AT(10)), metadata: { a: '1', b: '2' }, updatedAt: iso(AT(11)) });
  });

  it('keeps the last fault after a HARD reboot brings an ERROR server back, and records a snapshot as a task only', async () => {
    const failed: ServerEvent = { type: 'ServerRebootFailed', data: { fault: fault('reboot failed', AT(1)) } };
    const uuid = await project([...withFreshId(BUILD_PATH), hardRebootRequested, failed]);
    expect(await projected(uuid)).toMatchObject({ vmState: 'ERROR', taskState: null, fault: fault('reboot failed', AT(1)) });
    await project([{ type: 'ServerRebooted', data: { powerState: 1, at: AT(2) } }, { type: 'ServerSnapshotRequested', data: { imageUuid: randomUUID(), imageId: '100001', name: 's', at: AT(3) } }], uuid);
    expect(await projected(uuid)).toMatchObject({ vmState: 'ACTIVE', taskState: 'image_snapshot', fault: fault('reboot failed', AT(1)) });
    await project([{ type: 'ServerSnapshotFailed', data: { imageUuid: randomUUID(), reason: 'disk gone', at: AT(4) } }], uuid);
    expect(await projected(uuid)).toMatchObject({ vmState: 'ACTIVE', taskState: null, updatedAt: iso(AT(4)) });
  });

  it('drops a removed floating IP, the auto-assigned one too, and adds an address once', async () => {
    const uuid = await project([
      ...withFreshId(BUILD_PATH),
      { type: 'ServerFloatingIpAdded', data: { address: ADDED_FLOATING_IP, at: AT(1) } },
      { type: 'ServerFloatingIpAdded', data: { address: ADDED_FLOATING_IP, at: AT(2) } },
      { type: 'ServerFloatingIpRemoved', data: { address: AUTO_FLOATING_IP, at: AT(3) } },
    ]);
    expect(await projected(uuid)).toMatchObject({ autoFloatingIp: null, addedFloatingIps: [ADDED_FLOATING_IP], updatedAt: iso(AT(3)) });
  });

  it('releases the addresses of a DELETED server and keeps the row for changes-since', async () => {
    const uuid = await project([...withFreshId(BUILD_PATH), { type: 'ServerFloatingIpAdded', data: { address: ADDED_FLOATING_IP, at: AT(1) } }, deleteRequested, deleted]);
    expect(await projected(uuid)).toMatchObject({
      vmState: 'DELETED', taskState: null, powerState: 0, fixedIp: null, autoFloatingIp: null, addedFloatingIps: [], deletedAt: iso(LATER), updatedAt: iso(LATER),
    });
  });

  it('ignores event types it does not know, and events of servers it never saw created', async () => {
    const uuid = await project([...withFreshId(BUILD_PATH), { type: 'ServerTeleported', data: { to: 'mars' } }]);
    expect(await projected(uuid)).toMatchObject({ vmState: 'ACTIVE', taskState: null });
    const orphan = await project([hardRebootRequested]);
    expect(await projected(orphan)).toBeUndefined();
  });
});
