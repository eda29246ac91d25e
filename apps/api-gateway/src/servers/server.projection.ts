// The servers read model: the `servers` and `server_metadata` tables, built from the server
// streams. The gateway's durable consumer 'servers' applies events of every app (scheduler,
// compute agent); the gateway's own appends are applied in the append's transaction through
// the same consumer's bookkeeping (ServersReadModel.catchUp). It reads only event data, never
// the clock or `recordedAt`, so applying live and replaying give the same rows. Every event
// sets `updated_at` to its own time, as Nova's instances.updated_at follows every change.
// Nova: nova/compute/manager.py (what each step writes to the instance row).

import { type RecordedEvent, idOf } from '@app/contracts';
import { PowerState, type ServerEvent, type ServerMetadata, TaskState, VmState, isServerEvent } from '@app/domain/server';
import type { Projection, SqlTx } from '@app/event-store';

/** Power states in which an ACTIVE server becomes STOPPED (as the server decider folds them). */
const POWERED_OFF: readonly PowerState[] = [PowerState.Shutdown, PowerState.Crashed];

type Column =
  | 'name' | 'vm_state' | 'task_state' | 'power_state' | 'progress' | 'image_uuid' | 'image_id' | 'host' | 'agent_id' | 'availability_zone'
  | 'fixed_ip' | 'auto_floating_ip' | 'access_ipv4' | 'access_ipv6' | 'fault' | 'launched_at' | 'deleted_at';

/** Sets `changes` (undefined ones are left as they are) and `updated_at = at` on one server. */
async function update(tx: SqlTx, t: string, uuid: string, at: string, changes: Partial<Record<Column, unknown>>): Promise<void> {
  const entries = Object.entries(changes).filter(([, v]) => v !== undefined);
  const sets = entries.map(([column], i) => `${column} = $${i + 3}`);
  await tx.query(`UPDATE ${t}.servers SET ${[...sets, 'updated_at = $2'].join(', ')} WHERE uuid = $1`, [
    uuid,
    at,
    ...entries.map(([column, v]) => (column === 'fault' ? JSON.stringify(v) : v)),
  ]);
}

async function insertMetadata(tx: SqlTx, t: string, uuid: string, metadata: ServerMetadata): Promise<void> {
  const entries = Object.entries(metadata);
  if (entries.length === 0) return;
  await tx.query(`INSERT INTO ${t}.server_metadata (server_uuid, key, value) SELECT $1, k, v FROM unnest($2::text[], $3::text[]) AS m(k, v)`, [
    uuid,
    entries.map(([k]) => k),
    entries.map(([, v]) => v),
  ]);
}

async function replaceMetadata(tx: SqlTx, t: string, uuid: string, metadata: ServerMetadata): Promise<void> {
  await tx.query(`DELETE FROM ${t}.server_metadata WHERE server_uuid = $1`, [uuid]);
  await insertMetadata(tx, t, uuid, metadata);
}

/** The addresses a server held were released (build failure, delete): it shows none. */
async function releaseAddresses(tx: SqlTx, t: string, uuid: string): Promise<void> {
  await tx.query(`UPDATE ${t}.servers SET fixed_ip = NULL, auto_floating_ip = NULL, added_floating_ips = '{}' WHERE uuid = $1`, [uuid]);
}

async function applyServerEvent(tx: SqlTx, t: string, uuid: string, event: ServerEvent): Promise<void> {
  switch (event.type) {
    case 'ServerCreateRequested': {
      const d = event.data;
      await tx.query(
        `INSERT INTO ${t}.servers (uuid, id, tenant_id, user_id, name, vm_state, task_state, power_state, progress, image_uuid, image_id, flavor_id,
           availability_zone, security_groups, key_name, config_drive, access_ipv4, access_ipv6, multi_create_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19)`,
        [
          uuid, d.serverId, d.tenantId, d.userId, d.name, VmState.Build, TaskState.Scheduling, PowerState.NoState, d.imageUuid, d.imageId, d.flavorId,
          d.availabilityZone, d.securityGroups, d.keyName, d.configDrive, d.accessIPv4, d.accessIPv6, d.multiCreateId, d.requestedAt,
        ],
      );
      return insertMetadata(tx, t, uuid, d.metadata);
    }
    case 'ServerScheduled': {
      const d = event.data;
      return update(tx, t, uuid, d.scheduledAt, { host: d.host, agent_id: d.agentId, availability_zone: d.availabilityZone });
    }
    case 'ServerSchedulingFailed':
    case 'ServerRebootFailed':
    case 'ServerRebuildFailed':
      return update(tx, t, uuid, event.data.fault.created, { vm_state: VmState.Error, task_state: null, fault: event.data.fault });
    case 'ServerBuildFailed':
      await releaseAddresses(tx, t, uuid);
      return update(tx, t, uuid, event.data.fault.created, { vm_state: VmState.Error, task_state: null, fault: event.data.fault });
    case 'ServerNetworkingStarted':
      return update(tx, t, uuid, event.data.at, { task_state: TaskState.Networking });
    case 'ServerNetworkAllocated':
      return update(tx, t, uuid, event.data.at, { fixed_ip: event.data.fixedIp, auto_floating_ip: event.data.floatingIp });
    case 'ServerBlockDeviceMappingStarted':
      return update(tx, t, uuid, event.data.at, { task_state: TaskState.BlockDeviceMapping });
    case 'ServerSpawningStarted':
      return update(tx, t, uuid, event.data.at, { task_state: TaskState.Spawning, progress: 0 });
    case 'ServerSpawnProgressed':
      return update(tx, t, uuid, event.data.at, { progress: event.data.progress });
    case 'ServerBuilt':
      return update(tx, t, uuid, event.data.launchedAt, {
        vm_state: VmState.Active, task_state: null, power_state: event.data.powerState, progress: 100, launched_at: event.data.launchedAt,
      });
    case 'ServerUpdated': {
      const d = event.data;
      return update(tx, t, uuid, d.at, { name: d.name, access_ipv4: d.accessIPv4, access_ipv6: d.accessIPv6 });
    }
    case 'ServerMetadataSet':
      await replaceMetadata(tx, t, uuid, event.data.metadata);
      return update(tx, t, uuid, event.data.at, {});
    case 'ServerMetadataItemSet':
      await tx.query(
        `INSERT INTO ${t}.server_metadata (server_uuid, key, value) VALUES ($1, $2, $3)
         ON CONFLICT (server_uuid, key) DO UPDATE SET value = EXCLUDED.value`,
        [uuid, event.data.key, event.data.value],
      );
      return update(tx, t, uuid, event.data.at, {});
    case 'ServerMetadataItemDeleted':
      await tx.query(`DELETE FROM ${t}.server_metadata WHERE server_uuid = $1 AND key = $2`, [uuid, event.data.key]);
      return update(tx, t, uuid, event.data.at, {});
    case 'ServerRebootRequested':
      return update(tx, t, uuid, event.data.at, { task_state: event.data.rebootType === 'HARD' ? TaskState.RebootingHard : TaskState.Rebooting });
    case 'ServerRebooted':
      return update(tx, t, uuid, event.data.at, { vm_state: VmState.Active, task_state: null, power_state: event.data.powerState });
    case 'ServerRebuildRequested': {
      const d = event.data;
      if (d.metadata !== undefined) await replaceMetadata(tx, t, uuid, d.metadata);
      return update(tx, t, uuid, d.at, {
        task_state: TaskState.Rebuilding, progress: 0, image_uuid: d.imageUuid, image_id: d.imageId, name: d.name, access_ipv4: d.accessIPv4, access_ipv6: d.accessIPv6,
      });
    }
    case 'ServerRebuilt':
      return update(tx, t, uuid, event.data.at, {
        vm_state: VmState.Active, task_state: null, power_state: event.data.powerState, progress: 100, launched_at: event.data.at,
      });
    case 'ServerSnapshotRequested':
      return update(tx, t, uuid, event.data.at, { task_state: TaskState.ImageSnapshot });
    case 'ServerSnapshotCompleted':
    case 'ServerSnapshotFailed':
      return update(tx, t, uuid, event.data.at, { task_state: null });
    case 'ServerDeleteRequested':
      return update(tx, t, uuid, event.data.at, { task_state: TaskState.Deleting });
    case 'ServerDeleted':
      await releaseAddresses(tx, t, uuid);
      return update(tx, t, uuid, event.data.at, { vm_state: VmState.Deleted, task_state: null, power_state: PowerState.NoState, deleted_at: event.data.at });
    case 'ServerPowerStateChanged': {
      // Nova's power-state sync: an ACTIVE server whose guest is gone (shut down, crashed) is STOPPED.
      const { powerState, at } = event.data;
      await tx.query(
        `UPDATE ${t}.servers SET power_state = $2, updated_at = $3, vm_state = CASE WHEN $4 AND vm_state = $5 THEN $6 ELSE vm_state END WHERE uuid = $1`,
        [uuid, powerState, at, POWERED_OFF.includes(powerState), VmState.Active, VmState.Stopped],
      );
      return;
    }
    case 'ServerSecurityGroupAdded':
      await tx.query(
        `UPDATE ${t}.servers SET security_groups = array_append(security_groups, $2), updated_at = $3 WHERE uuid = $1`,
        [uuid, event.data.name, event.data.at],
      );
      return;
    case 'ServerSecurityGroupRemoved':
      await tx.query(`UPDATE ${t}.servers SET security_groups = array_remove(security_groups, $2), updated_at = $3 WHERE uuid = $1`, [uuid, event.data.name, event.data.at]);
      return;
    case 'ServerFloatingIpAdded':
      await tx.query(
        `UPDATE ${t}.servers SET added_floating_ips = CASE WHEN $2 = ANY(added_floating_ips) OR $2 = auto_floating_ip THEN added_floating_ips
           ELSE array_append(added_floating_ips, $2) END, updated_at = $3 WHERE uuid = $1`,
        [uuid, event.data.address, event.data.at],
      );
      return;
    case 'ServerFloatingIpRemoved':
      await tx.query(
        `UPDATE ${t}.servers SET added_floating_ips = array_remove(added_floating_ips, $2),
           auto_floating_ip = CASE WHEN auto_floating_ip = $2 THEN NULL ELSE auto_floating_ip END, updated_at = $3 WHERE uuid = $1`,
        [uuid, event.data.address, event.data.at],
      );
      return;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export const SERVERS_PROJECTION = 'servers';

export const serverProjection: Projection = {
  name: SERVERS_PROJECTION,
  tables: ['servers', 'server_metadata'],
  category: 'server',
  async apply(tx: SqlTx, schema: string, event: RecordedEvent): Promise<void> {
    // Event types this version does not know (written by a newer app) change nothing here.
    if (!isServerEvent(event)) return;
    await applyServerEvent(tx, `"${schema}"`, idOf(event.streamName), { type: event.type, data: event.data } as ServerEvent);
  },
};
