// The server aggregate as a decider: `initialServerState()`, `evolveServer(state, event)` and
// `decideServer(command, state) -> events`, pure (no clock, no ids: both come in with the
// command). Rebuilding a server is `foldServer(events)`. The allowed (vm_state, task_state)
// of each command is the table in server-allowed-states.ts, checked first.
// Nova: nova/compute/api.py (the requests), nova/compute/manager.py (what a host does).
// Longer than most files: two exhaustive switches (30 events, 32 commands) kept side by side.

import { PowerState } from './power-state';
import { serverAction, serverAllowedStates } from './server-allowed-states';
import type { ServerCommand } from './server.commands';
import {
  InvalidServerRequestError, InvalidServerStateError, ServerAlreadyExistsError, ServerMetadataItemNotFoundError, ServerNotFoundError,
} from './server.errors';
import { isServerEvent, type ServerEvent } from './server.events';
import type { ServerState } from './server.state';
import { TaskState } from './task-state';
import { VmState } from './vm-state';

export function initialServerState(): ServerState {
  return {
    exists: false,
    serverId: 0,
    tenantId: '',
    userId: '',
    name: '',
    imageUuid: '',
    imageId: '',
    flavorId: '',
    vcpus: 0,
    ramMb: 0,
    diskGb: 0,
    vmState: null,
    taskState: null,
    powerState: PowerState.NoState,
    progress: 0,
    host: null,
    agentId: null,
    availabilityZone: null,
    fixedIp: null,
    autoFloatingIp: null,
    addedFloatingIps: [],
    securityGroups: [],
    metadata: {},
    personality: [],
    userData: null,
    keyName: null,
    publicKey: null,
    configDrive: false,
    accessIPv4: '',
    accessIPv6: '',
    reservationId: null,
    multiCreateId: '',
    fault: null,
    snapshotImageUuid: null,
    createdAt: '',
    updatedAt: '',
    launchedAt: null,
    deletedAt: null,
  };
}

/** Power states in which Nova's power-state sync stops an ACTIVE server (the guest is gone). */
const POWERED_OFF: readonly PowerState[] = [PowerState.Shutdown, PowerState.Crashed];

/** The fields of the given keys that are set, without the undefined ones. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function evolveServer(state: ServerState, event: ServerEvent): ServerState {
  if (event.type === 'ServerCreateRequested') {
    const d = event.data;
    return {
      ...initialServerState(),
      exists: true,
      serverId: d.serverId,
      tenantId: d.tenantId,
      userId: d.userId,
      name: d.name,
      imageUuid: d.imageUuid,
      imageId: d.imageId,
      flavorId: d.flavorId,
      vcpus: d.vcpus,
      ramMb: d.ramMb,
      diskGb: d.diskGb,
      vmState: VmState.Build,
      taskState: TaskState.Scheduling,
      securityGroups: [...d.securityGroups],
      metadata: { ...d.metadata },
      personality: [...d.personality],
      userData: d.userData,
      keyName: d.keyName,
      publicKey: d.publicKey,
      configDrive: d.configDrive,
      accessIPv4: d.accessIPv4,
      accessIPv6: d.accessIPv6,
      availabilityZone: d.availabilityZone,
      reservationId: d.reservationId ?? null,
      multiCreateId: d.multiCreateId,
      createdAt: d.requestedAt,
      updatedAt: d.requestedAt,
    };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'ServerScheduled': {
      const { host, agentId, availabilityZone, scheduledAt } = event.data;
      return { ...state, host, agentId, availabilityZone, updatedAt: scheduledAt };
    }
    case 'ServerSchedulingFailed':
    case 'ServerBuildFailed': {
      const { fault } = event.data;
      // The compute agent released the addresses before it wrote the failure.
      return { ...state, vmState: VmState.Error, taskState: null, fault, fixedIp: null, autoFloatingIp: null, updatedAt: fault.created };
    }
    case 'ServerNetworkingStarted':
      return { ...state, taskState: TaskState.Networking, updatedAt: event.data.at };
    case 'ServerNetworkAllocated': {
      const { fixedIp, floatingIp, at } = event.data;
      return { ...state, fixedIp, autoFloatingIp: floatingIp, updatedAt: at };
    }
    case 'ServerBlockDeviceMappingStarted':
      return { ...state, taskState: TaskState.BlockDeviceMapping, updatedAt: event.data.at };
    case 'ServerSpawningStarted':
      return { ...state, taskState: TaskState.Spawning, progress: 0, updatedAt: event.data.at };
    case 'ServerSpawnProgressed':
      return { ...state, progress: event.data.progress, updatedAt: event.data.at };
    case 'ServerBuilt': {
      const { powerState, launchedAt } = event.data;
      return { ...state, vmState: VmState.Active, taskState: null, powerState, progress: 100, launchedAt, updatedAt: launchedAt };
    }
    case 'ServerUpdated': {
      const { at, ...changes } = event.data;
      return { ...state, ...definedOnly(changes), updatedAt: at };
    }
    case 'ServerMetadataSet':
      return { ...state, metadata: { ...event.data.metadata }, updatedAt: event.data.at };
    case 'ServerMetadataItemSet': {
      const { key, value, at } = event.data;
      return { ...state, metadata: { ...state.metadata, [key]: value }, updatedAt: at };
    }
    case 'ServerMetadataItemDeleted': {
      const { [event.data.key]: _removed, ...metadata } = state.metadata;
      return { ...state, metadata, updatedAt: event.data.at };
    }
    case 'ServerRebootRequested': {
      const taskState = event.data.rebootType === 'HARD' ? TaskState.RebootingHard : TaskState.Rebooting;
      return { ...state, taskState, updatedAt: event.data.at };
    }
    case 'ServerRebooted':
      // The last fault stays recorded, as Nova keeps its instance_faults row; the API shows a fault only in ERROR.
      return { ...state, vmState: VmState.Active, taskState: null, powerState: event.data.powerState, updatedAt: event.data.at };
    case 'ServerRebootFailed':
    case 'ServerRebuildFailed':
      return { ...state, vmState: VmState.Error, taskState: null, fault: event.data.fault, updatedAt: event.data.fault.created };
    case 'ServerRebuildRequested': {
      const { imageUuid, imageId, personality, at, ...changes } = event.data;
      const { metadata, ...fields } = definedOnly(changes);
      return {
        ...state,
        ...fields,
        ...(metadata ? { metadata: { ...metadata } } : {}),
        imageUuid,
        imageId,
        personality: [...personality],
        taskState: TaskState.Rebuilding,
        progress: 0,
        updatedAt: at,
      };
    }
    case 'ServerRebuilt': {
      const { powerState, at } = event.data;
      return { ...state, vmState: VmState.Active, taskState: null, powerState, progress: 100, launchedAt: at, updatedAt: at };
    }
    case 'ServerSnapshotRequested':
      return { ...state, taskState: TaskState.ImageSnapshot, snapshotImageUuid: event.data.imageUuid, updatedAt: event.data.at };
    case 'ServerSnapshotCompleted':
    case 'ServerSnapshotFailed':
      return { ...state, taskState: null, snapshotImageUuid: null, updatedAt: event.data.at };
    case 'ServerDeleteRequested':
      return { ...state, taskState: TaskState.Deleting, updatedAt: event.data.at };
    case 'ServerDeleted': {
      const { at } = event.data;
      return {
        ...state,
        vmState: VmState.Deleted,
        taskState: null,
        powerState: PowerState.NoState,
        fixedIp: null,
        autoFloatingIp: null,
        addedFloatingIps: [],
        snapshotImageUuid: null,
        deletedAt: at,
        updatedAt: at,
      };
    }
    case 'ServerPowerStateChanged': {
      const { powerState, at } = event.data;
      const stopped = state.vmState === VmState.Active && POWERED_OFF.includes(powerState);
      return { ...state, powerState, vmState: stopped ? VmState.Stopped : state.vmState, updatedAt: at };
    }
    case 'ServerSecurityGroupAdded':
      return { ...state, securityGroups: [...state.securityGroups, event.data.name], updatedAt: event.data.at };
    case 'ServerSecurityGroupRemoved':
      return { ...state, securityGroups: state.securityGroups.filter((n) => n !== event.data.name), updatedAt: event.data.at };
    case 'ServerFloatingIpAdded':
      return { ...state, addedFloatingIps: [...state.addedFloatingIps, event.data.address], updatedAt: event.data.at };
    case 'ServerFloatingIpRemoved':
      return { ...state, addedFloatingIps: state.addedFloatingIps.filter((a) => a !== event.data.address), updatedAt: event.data.at };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export function foldServer(events: readonly ServerEvent[]): ServerState {
  return events.reduce(evolveServer, initialServerState());
}

/** The table first: not found, already there, or a 409 naming the action and the state. */
function checkAllowed(command: ServerCommand, state: ServerState): void {
  const row = serverAllowedStates(command);
  if (command.type === 'CreateServer') {
    if (state.exists) throw new ServerAlreadyExistsError(command.type);
    return;
  }
  if (!state.exists || state.vmState === VmState.Deleted || state.vmState === null) throw new ServerNotFoundError(command.type);
  const hostOk = row.host === undefined || (row.host === 'assigned') === (state.host !== null);
  if (row.vmStates.includes(state.vmState) && row.taskStates.includes(state.taskState) && hostOk) return;
  throw new InvalidServerStateError(command.type, serverAction(command), state.vmState, state.taskState);
}

export function decideServer(command: ServerCommand, state: ServerState): ServerEvent[] {
  checkAllowed(command, state);
  switch (command.type) {
    case 'CreateServer':
      return [{ type: 'ServerCreateRequested', data: command.data }];
    case 'ScheduleServer': {
      const { host, agentId, availabilityZone, at } = command;
      return [{ type: 'ServerScheduled', data: { host, agentId, availabilityZone, scheduledAt: at } }];
    }
    case 'FailScheduling':
      return [{ type: 'ServerSchedulingFailed', data: { fault: command.fault } }];
    case 'StartNetworking':
      return [{ type: 'ServerNetworkingStarted', data: { at: command.at } }];
    case 'RecordNetwork': {
      const { fixedIp, floatingIp, at } = command;
      // A compute agent that restarts mid-step records the same addresses again: nothing new.
      if (state.fixedIp === fixedIp && state.autoFloatingIp === floatingIp) return [];
      return [{ type: 'ServerNetworkAllocated', data: { fixedIp, floatingIp, at } }];
    }
    case 'StartBlockDeviceMapping':
      return [{ type: 'ServerBlockDeviceMappingStarted', data: { at: command.at } }];
    case 'StartSpawning':
      return [{ type: 'ServerSpawningStarted', data: { at: command.at } }];
    case 'ReportSpawnProgress': {
      const { progress, at } = command;
      if (!Number.isInteger(progress) || progress < 0 || progress > 99) {
        throw new InvalidServerRequestError(command.type, `Spawn progress must be an integer from 0 to 99, got ${progress}`);
      }
      // Progress only rises; a late or repeated report changes nothing.
      if (progress <= state.progress) return [];
      return [{ type: 'ServerSpawnProgressed', data: { progress, at } }];
    }
    case 'FinishBuild':
      return [{ type: 'ServerBuilt', data: { powerState: command.powerState, launchedAt: command.at } }];
    case 'FailBuild':
      return [{ type: 'ServerBuildFailed', data: { step: command.step, fault: command.fault } }];
    case 'UpdateServer': {
      const { type: _type, at, ...changes } = command;
      const given = definedOnly(changes);
      if (Object.keys(given).length === 0) return [];
      return [{ type: 'ServerUpdated', data: { ...given, at } }];
    }
    case 'UpdateServerMetadata':
      return [{ type: 'ServerMetadataSet', data: { metadata: { ...state.metadata, ...command.metadata }, at: command.at } }];
    case 'ReplaceServerMetadata':
      return [{ type: 'ServerMetadataSet', data: { metadata: { ...command.metadata }, at: command.at } }];
    case 'SetServerMetadataItem': {
      const { key, value, at } = command;
      return [{ type: 'ServerMetadataItemSet', data: { key, value, at } }];
    }
    case 'DeleteServerMetadataItem':
      if (!Object.hasOwn(state.metadata, command.key)) throw new ServerMetadataItemNotFoundError(command.key);
      return [{ type: 'ServerMetadataItemDeleted', data: { key: command.key, at: command.at } }];
    case 'RebootServer':
      // A hard reboot asked while one already runs is that same reboot: nothing new.
      if (command.rebootType === 'HARD' && state.taskState === TaskState.RebootingHard) return [];
      return [{ type: 'ServerRebootRequested', data: { rebootType: command.rebootType, at: command.at } }];
    case 'CompleteReboot':
      return [{ type: 'ServerRebooted', data: { powerState: command.powerState, at: command.at } }];
    case 'FailReboot':
      return [{ type: 'ServerRebootFailed', data: { fault: command.fault } }];
    case 'RebuildServer': {
      const { type: _type, imageUuid, imageId, personality, at, ...optional } = command;
      return [{ type: 'ServerRebuildRequested', data: { imageUuid, imageId, ...definedOnly(optional), personality, at } }];
    }
    case 'CompleteRebuild':
      return [{ type: 'ServerRebuilt', data: { powerState: command.powerState, at: command.at } }];
    case 'FailRebuild':
      return [{ type: 'ServerRebuildFailed', data: { fault: command.fault } }];
    case 'CreateServerImage': {
      const { imageUuid, imageId, name, at } = command;
      return [{ type: 'ServerSnapshotRequested', data: { imageUuid, imageId, name, at } }];
    }
    case 'CompleteSnapshot':
      return [{ type: 'ServerSnapshotCompleted', data: { imageUuid: snapshotImage(state), at: command.at } }];
    case 'FailSnapshot':
      return [{ type: 'ServerSnapshotFailed', data: { imageUuid: snapshotImage(state), reason: command.reason, at: command.at } }];
    case 'DeleteServer': {
      if (state.taskState === TaskState.Deleting) return [];
      const requested: ServerEvent = { type: 'ServerDeleteRequested', data: { at: command.at } };
      // Nova's local delete: no host holds anything of it, so nobody else has to finish.
      if (state.host === null) return [requested, { type: 'ServerDeleted', data: { tenantId: state.tenantId, at: command.at } }];
      return [requested];
    }
    case 'CompleteDelete':
      return [{ type: 'ServerDeleted', data: { tenantId: state.tenantId, at: command.at } }];
    case 'ReportPowerState':
      if (command.powerState === state.powerState) return [];
      return [{ type: 'ServerPowerStateChanged', data: { powerState: command.powerState, at: command.at } }];
    case 'AddSecurityGroup':
      if (state.securityGroups.includes(command.name)) {
        throw new InvalidServerRequestError(command.type, `Security group ${command.name} is already associated with the instance`);
      }
      return [{ type: 'ServerSecurityGroupAdded', data: { name: command.name, at: command.at } }];
    case 'RemoveSecurityGroup':
      if (!state.securityGroups.includes(command.name)) {
        throw new InvalidServerRequestError(command.type, `Security group ${command.name} not associated with the instance`);
      }
      return [{ type: 'ServerSecurityGroupRemoved', data: { name: command.name, at: command.at } }];
    case 'AddFloatingIp':
      // The network app has associated it before the gateway records it: a repeat records nothing.
      if (state.addedFloatingIps.includes(command.address) || state.autoFloatingIp === command.address) return [];
      return [{ type: 'ServerFloatingIpAdded', data: { address: command.address, at: command.at } }];
    case 'RemoveFloatingIp':
      if (!state.addedFloatingIps.includes(command.address)) {
        throw new InvalidServerRequestError(
          command.type,
          `Floating ip ${command.address} was not added to this server with addFloatingIp; only such an address can be removed`,
        );
      }
      return [{ type: 'ServerFloatingIpRemoved', data: { address: command.address, at: command.at } }];
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

/** The image a running createImage writes (the table guarantees task image_snapshot). */
function snapshotImage(state: ServerState): string {
  if (state.snapshotImageUuid === null) throw new Error('unreachable: image_snapshot without an image');
  return state.snapshotImageUuid;
}

/** For DeciderRunner (libs/event-store/src/decider-runner.ts), without importing it. */
export const serverDecider = {
  initialState: initialServerState,
  evolve: evolveServer,
  decide: decideServer,
  isEvent: isServerEvent,
};
