// The facts of a server's life, one stream per server (`server-<uuid>`). Each is written by the
// app that owns the step (the `producer` in the event's metadata): the gateway for requests,
// the scheduler for placement, the compute agent for everything a hypervisor does. Every
// action is two facts, ...Requested (sets task_state) then ...ed/...Failed (clears it).
// Type names are permanent once stored. Timestamps are ISO-8601 strings carried in the data,
// so a fold never reads the clock. Nova: nova/compute/api.py, nova/compute/manager.py.

import type { PowerState } from './power-state';

export type ServerMetadata = Record<string, string>;

/** A file to inject at build (spec "Personalizing a server"); contents stay base64. */
export interface PersonalityFile {
  path: string;
  contents: string;
}

/** Why a server is in ERROR (spec Get Server Details: fault). */
export interface ServerFault {
  code: number;
  message: string;
  details: string;
  created: string;
}

/** The build steps the compute agent runs, in order; a failure names one (or scheduling). */
export type BuildStep = 'scheduling' | 'networking' | 'block_device_mapping' | 'spawning';

/** gateway: POST /servers accepted; BUILD(scheduling). Carries all the quota app counts. */
export interface ServerCreateRequested {
  type: 'ServerCreateRequested';
  data: {
    /** The integer id the API shows (a Postgres sequence in the gateway). */
    serverId: number;
    tenantId: string;
    userId: string;
    name: string;
    imageUuid: string;
    imageId: string;
    flavorId: string;
    vcpus: number;
    ramMb: number;
    diskGb: number;
    metadata: ServerMetadata;
    personality: PersonalityFile[];
    /** base64, as given; null when none. */
    userData: string | null;
    keyName: string | null;
    /** The keypair's public key, for the console's "authorized key" lines; null when none. */
    publicKey: string | null;
    securityGroups: string[];
    configDrive: boolean;
    accessIPv4: string;
    accessIPv6: string;
    /** Nova's availability_zone hint; null lets the scheduler choose. */
    availabilityZone: string | null;
    /** The quota reservation that holds room for this server (quota usage contract). */
    reservationId?: string;
    /** Nova's reservation_id (`r-xxxxxxxx`), shared by every server of one multi-create. */
    multiCreateId: string;
    requestedAt: string;
  };
}

/** scheduler: a host is chosen and claimed (task stays scheduling until the agent starts). */
export interface ServerScheduled {
  type: 'ServerScheduled';
  data: { host: string; agentId: string; availabilityZone: string; scheduledAt: string };
}

/** scheduler: no valid host; ERROR with the fault (its details hold the per-filter trace). */
export interface ServerSchedulingFailed {
  type: 'ServerSchedulingFailed';
  data: { fault: ServerFault };
}

/** compute agent: BUILD(networking). */
export interface ServerNetworkingStarted {
  type: 'ServerNetworkingStarted';
  data: { at: string };
}

/** compute agent: the network app gave a fixed and an auto-assigned floating IP. */
export interface ServerNetworkAllocated {
  type: 'ServerNetworkAllocated';
  data: { fixedIp: string; floatingIp: string | null; at: string };
}

/** compute agent: BUILD(block_device_mapping). */
export interface ServerBlockDeviceMappingStarted {
  type: 'ServerBlockDeviceMappingStarted';
  data: { at: string };
}

/** compute agent: BUILD(spawning), progress 0. */
export interface ServerSpawningStarted {
  type: 'ServerSpawningStarted';
  data: { at: string };
}

/** compute agent: the spawn advanced (0 < progress < 100). */
export interface ServerSpawnProgressed {
  type: 'ServerSpawnProgressed';
  data: { progress: number; at: string };
}

/** compute agent: ACTIVE, power state RUNNING, progress 100. */
export interface ServerBuilt {
  type: 'ServerBuilt';
  data: { powerState: PowerState; launchedAt: string };
}

/** compute agent: a build step failed; ERROR with the fault. Addresses were released first. */
export interface ServerBuildFailed {
  type: 'ServerBuildFailed';
  data: { step: BuildStep; fault: ServerFault };
}

/** gateway: PUT /servers/{id} (name, accessIPv4, accessIPv6; only the fields given). */
export interface ServerUpdated {
  type: 'ServerUpdated';
  data: { name?: string; accessIPv4?: string; accessIPv6?: string; at: string };
}

/** gateway: the whole metadata is now `metadata` (after a merge or a replace). */
export interface ServerMetadataSet {
  type: 'ServerMetadataSet';
  data: { metadata: ServerMetadata; at: string };
}

export interface ServerMetadataItemSet {
  type: 'ServerMetadataItemSet';
  data: { key: string; value: string; at: string };
}

export interface ServerMetadataItemDeleted {
  type: 'ServerMetadataItemDeleted';
  data: { key: string; at: string };
}

/** gateway: reboot asked; ACTIVE(rebooting) or ACTIVE(rebooting_hard) (STOPPED/ERROR keep their vm_state). */
export interface ServerRebootRequested {
  type: 'ServerRebootRequested';
  data: { rebootType: 'SOFT' | 'HARD'; at: string };
}

/** compute agent: ACTIVE, power state RUNNING. */
export interface ServerRebooted {
  type: 'ServerRebooted';
  data: { powerState: PowerState; at: string };
}

/** compute agent: the reboot failed: ERROR with the fault (as Nova does). */
export interface ServerRebootFailed {
  type: 'ServerRebootFailed';
  data: { fault: ServerFault };
}

/** gateway: rebuild asked; ACTIVE(rebuilding); the new image (and name, metadata, ...) show at once, as in Nova. */
export interface ServerRebuildRequested {
  type: 'ServerRebuildRequested';
  data: {
    imageUuid: string;
    imageId: string;
    name?: string;
    metadata?: ServerMetadata;
    personality: PersonalityFile[];
    accessIPv4?: string;
    accessIPv6?: string;
    at: string;
  };
}

/** compute agent: ACTIVE again, on the new image, power state RUNNING. */
export interface ServerRebuilt {
  type: 'ServerRebuilt';
  data: { powerState: PowerState; at: string };
}

/** compute agent: ERROR with the fault. */
export interface ServerRebuildFailed {
  type: 'ServerRebuildFailed';
  data: { fault: ServerFault };
}

/** gateway: createImage; ACTIVE(image_snapshot). The image stream gets ImageSnapshotRequested. */
export interface ServerSnapshotRequested {
  type: 'ServerSnapshotRequested';
  data: { imageUuid: string; imageId: string; name: string; at: string };
}

/** compute agent: the snapshot is written; task cleared (the gateway then completes the image). */
export interface ServerSnapshotCompleted {
  type: 'ServerSnapshotCompleted';
  data: { imageUuid: string; at: string };
}

/** compute agent: the snapshot failed; task cleared, vm_state unchanged (as Nova). */
export interface ServerSnapshotFailed {
  type: 'ServerSnapshotFailed';
  data: { imageUuid: string; reason: string; at: string };
}

/** gateway: DELETE asked; task deleting. A server with no host is deleted in the same append. */
export interface ServerDeleteRequested {
  type: 'ServerDeleteRequested';
  data: { at: string };
}

/**
 * compute agent (or the gateway for a server with no host): DELETED. Addresses were released
 * first; the scheduler releases the claim and the quota app the usage on this event.
 */
export interface ServerDeleted {
  type: 'ServerDeleted';
  data: { tenantId: string; at: string };
}

/** compute agent: the hypervisor reports a new power state; SHUTDOWN turns ACTIVE into STOPPED. */
export interface ServerPowerStateChanged {
  type: 'ServerPowerStateChanged';
  data: { powerState: PowerState; at: string };
}

/** gateway: addSecurityGroup / removeSecurityGroup (by name). */
export interface ServerSecurityGroupAdded {
  type: 'ServerSecurityGroupAdded';
  data: { name: string; at: string };
}

export interface ServerSecurityGroupRemoved {
  type: 'ServerSecurityGroupRemoved';
  data: { name: string; at: string };
}

/** gateway: addFloatingIp / removeFloatingIp, after the network app associated it. */
export interface ServerFloatingIpAdded {
  type: 'ServerFloatingIpAdded';
  data: { address: string; at: string };
}

export interface ServerFloatingIpRemoved {
  type: 'ServerFloatingIpRemoved';
  data: { address: string; at: string };
}

export type ServerEvent =
  | ServerCreateRequested
  | ServerScheduled
  | ServerSchedulingFailed
  | ServerNetworkingStarted
  | ServerNetworkAllocated
  | ServerBlockDeviceMappingStarted
  | ServerSpawningStarted
  | ServerSpawnProgressed
  | ServerBuilt
  | ServerBuildFailed
  | ServerUpdated
  | ServerMetadataSet
  | ServerMetadataItemSet
  | ServerMetadataItemDeleted
  | ServerRebootRequested
  | ServerRebooted
  | ServerRebootFailed
  | ServerRebuildRequested
  | ServerRebuilt
  | ServerRebuildFailed
  | ServerSnapshotRequested
  | ServerSnapshotCompleted
  | ServerSnapshotFailed
  | ServerDeleteRequested
  | ServerDeleted
  | ServerPowerStateChanged
  | ServerSecurityGroupAdded
  | ServerSecurityGroupRemoved
  | ServerFloatingIpAdded
  | ServerFloatingIpRemoved;

export type ServerEventType = ServerEvent['type'];

export const SERVER_EVENT_TYPES: readonly ServerEventType[] = [
  'ServerCreateRequested', 'ServerScheduled', 'ServerSchedulingFailed', 'ServerNetworkingStarted', 'ServerNetworkAllocated',
  'ServerBlockDeviceMappingStarted', 'ServerSpawningStarted', 'ServerSpawnProgressed', 'ServerBuilt', 'ServerBuildFailed',
  'ServerUpdated', 'ServerMetadataSet', 'ServerMetadataItemSet', 'ServerMetadataItemDeleted', 'ServerRebootRequested',
  'ServerRebooted', 'ServerRebootFailed', 'ServerRebuildRequested', 'ServerRebuilt', 'ServerRebuildFailed',
  'ServerSnapshotRequested', 'ServerSnapshotCompleted', 'ServerSnapshotFailed', 'ServerDeleteRequested', 'ServerDeleted',
  'ServerPowerStateChanged', 'ServerSecurityGroupAdded', 'ServerSecurityGroupRemoved', 'ServerFloatingIpAdded', 'ServerFloatingIpRemoved',
];

const TYPES = new Set<string>(SERVER_EVENT_TYPES);

/** Is this stored event one of the server's (and not a type a newer app wrote)? */
export function isServerEvent(event: { type: string }): event is ServerEvent {
  return TYPES.has(event.type);
}
