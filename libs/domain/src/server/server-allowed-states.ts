// Which server command is allowed in which (vm_state, task_state), as data: Nova's
// check_instance_state decorators (nova/compute/api.py, Essex/Folsom) written down as one
// table. `decideServer` checks it before anything else, docs/vm-states.md is generated from
// it (npm run docs:vm-states) and the tests walk every row of it, so the three cannot drift.
// A refused command throws InvalidServerStateError naming the row's `action` (the API's
// name for it, shown in the 409) and writes nothing.

import type { ServerCommand, ServerCommandType } from './server.commands';
import type { ServerEventType } from './server.events';
import { TaskState } from './task-state';
import { VmState } from './vm-state';

/** A row of the table: a command, except a reboot, whose two types have different rules. */
export type ServerRuleName = Exclude<ServerCommandType, 'RebootServer'> | 'RebootServer(SOFT)' | 'RebootServer(HARD)';

/** NONE is "no server in this stream yet" (ServerState.vmState null). */
export type ServerVmStateName = VmState | 'NONE';

/** The app that sends the command (and so writes its events: the events' `producer`). */
export type ServerCommandSender = 'api-gateway' | 'scheduler' | 'compute-agent';

export interface ServerAllowedStates {
  /** The action named in a refusal: "Cannot 'reboot' while instance is in vm_state ...". */
  action: string;
  vmStates: readonly ServerVmStateName[];
  taskStates: readonly (TaskState | null)[];
  /** Placement, for the two rules that tell a scheduled server from one still waiting. */
  host?: 'none' | 'assigned';
  sender: ServerCommandSender;
  /** Every event type the command can lead to (possibly none of them: see `note`). */
  events: readonly ServerEventType[];
  /** What the decider checks or chooses beyond the states, for docs/vm-states.md. */
  note?: string;
}

/** Every vm_state a server can be in before it is DELETED. */
export const LIVE_VM_STATES: readonly VmState[] = Object.values(VmState).filter((s) => s !== VmState.Deleted);

/** Any task, or none. */
export const ANY_TASK_STATE: readonly (TaskState | null)[] = [null, ...Object.values(TaskState)];

const NO_TASK: readonly (TaskState | null)[] = [null];
const BUILD: readonly ServerVmStateName[] = [VmState.Build];

/** Anything a tenant may change on a live server, whatever runs (Folsom checks no state for these). */
function anyLiveState(action: string, events: readonly ServerEventType[]): ServerAllowedStates {
  return { action, vmStates: LIVE_VM_STATES, taskStates: ANY_TASK_STATE, sender: 'api-gateway', events };
}

/** The second fact of a two-phase action: only while its task runs (the task is the lock). */
function whileTask(action: string, tasks: readonly TaskState[], events: readonly ServerEventType[]): ServerAllowedStates {
  return { action, vmStates: LIVE_VM_STATES, taskStates: tasks, sender: 'compute-agent', events };
}

/** A build step of the compute agent: only from the step before it. */
function buildStep(action: string, task: TaskState, events: readonly ServerEventType[]): ServerAllowedStates {
  return { action, vmStates: BUILD, taskStates: [task], sender: 'compute-agent', events };
}

export const SERVER_ALLOWED_STATES: Readonly<Record<ServerRuleName, ServerAllowedStates>> = {
  CreateServer: { action: 'create', vmStates: ['NONE'], taskStates: NO_TASK, sender: 'api-gateway', events: ['ServerCreateRequested'] },

  ScheduleServer: {
    action: 'schedule',
    vmStates: BUILD,
    taskStates: [TaskState.Scheduling],
    host: 'none',
    sender: 'scheduler',
    events: ['ServerScheduled'],
    note: 'The task stays scheduling until the compute agent starts.',
  },
  FailScheduling: {
    action: 'schedule',
    vmStates: BUILD,
    taskStates: [TaskState.Scheduling],
    host: 'none',
    sender: 'scheduler',
    events: ['ServerSchedulingFailed'],
    note: 'ERROR with the fault "No valid host was found".',
  },
  StartNetworking: { ...buildStep('startNetworking', TaskState.Scheduling, ['ServerNetworkingStarted']), host: 'assigned' },
  RecordNetwork: { ...buildStep('recordNetwork', TaskState.Networking, ['ServerNetworkAllocated']), note: 'The same addresses again decide nothing (an agent restarted mid-step).' },
  StartBlockDeviceMapping: buildStep('startBlockDeviceMapping', TaskState.Networking, ['ServerBlockDeviceMappingStarted']),
  StartSpawning: buildStep('startSpawning', TaskState.BlockDeviceMapping, ['ServerSpawningStarted']),
  ReportSpawnProgress: {
    ...buildStep('reportSpawnProgress', TaskState.Spawning, ['ServerSpawnProgressed']),
    note: 'An integer from 0 to 99 (400 otherwise); progress only rises, so a lower or equal one decides nothing.',
  },
  FinishBuild: { ...buildStep('finishBuild', TaskState.Spawning, ['ServerBuilt']), note: 'ACTIVE, with the power state the agent reports (RUNNING), progress 100.' },
  FailBuild: {
    action: 'failBuild',
    vmStates: BUILD,
    taskStates: [TaskState.Networking, TaskState.BlockDeviceMapping, TaskState.Spawning],
    sender: 'compute-agent',
    events: ['ServerBuildFailed'],
    note: 'ERROR with the fault; the agent released the addresses first.',
  },

  UpdateServer: { ...anyLiveState('update', ['ServerUpdated']), note: 'Only the fields given (name, accessIPv4, accessIPv6); none given decides nothing.' },
  UpdateServerMetadata: { ...anyLiveState('updateMetadata', ['ServerMetadataSet']), note: 'Merges; the event carries the whole result.' },
  ReplaceServerMetadata: { ...anyLiveState('replaceMetadata', ['ServerMetadataSet']), note: 'Replaces the whole metadata.' },
  SetServerMetadataItem: anyLiveState('setMetadataItem', ['ServerMetadataItemSet']),
  DeleteServerMetadataItem: { ...anyLiveState('deleteMetadataItem', ['ServerMetadataItemDeleted']), note: 'A key the server does not have: 404 itemNotFound.' },

  // Nova: reboot() allows a HARD reboot over a running soft one; a soft one needs a quiet server.
  'RebootServer(SOFT)': { action: 'reboot', vmStates: [VmState.Active], taskStates: NO_TASK, sender: 'api-gateway', events: ['ServerRebootRequested'] },
  'RebootServer(HARD)': {
    action: 'reboot',
    vmStates: [VmState.Active, VmState.Stopped, VmState.Error],
    taskStates: [null, TaskState.Rebooting, TaskState.RebootingHard],
    sender: 'api-gateway',
    events: ['ServerRebootRequested'],
    note: 'Overrides a running soft reboot; asked again while rebooting_hard, decides nothing.',
  },
  CompleteReboot: { ...whileTask('completeReboot', [TaskState.Rebooting, TaskState.RebootingHard], ['ServerRebooted']), note: 'ACTIVE, task cleared.' },
  FailReboot: { ...whileTask('failReboot', [TaskState.Rebooting, TaskState.RebootingHard], ['ServerRebootFailed']), note: 'ERROR with the fault.' },

  // Nova: rebuild() from ACTIVE or STOPPED (Essex), ERROR too (later Nova), with no task.
  RebuildServer: {
    action: 'rebuild',
    vmStates: [VmState.Active, VmState.Stopped, VmState.Error],
    taskStates: NO_TASK,
    sender: 'api-gateway',
    events: ['ServerRebuildRequested'],
    note: 'The new image, name, metadata, personality and access IPs show at once; progress 0.',
  },
  CompleteRebuild: { ...whileTask('completeRebuild', [TaskState.Rebuilding], ['ServerRebuilt']), note: 'ACTIVE, progress 100.' },
  FailRebuild: { ...whileTask('failRebuild', [TaskState.Rebuilding], ['ServerRebuildFailed']), note: 'ERROR with the fault.' },

  // Nova: snapshot() from ACTIVE or STOPPED with no task.
  CreateServerImage: {
    action: 'createImage',
    vmStates: [VmState.Active, VmState.Stopped],
    taskStates: NO_TASK,
    sender: 'api-gateway',
    events: ['ServerSnapshotRequested'],
  },
  CompleteSnapshot: { ...whileTask('completeSnapshot', [TaskState.ImageSnapshot], ['ServerSnapshotCompleted']), note: 'Task cleared; the image goes ACTIVE.' },
  FailSnapshot: { ...whileTask('failSnapshot', [TaskState.ImageSnapshot], ['ServerSnapshotFailed']), note: 'Task cleared, vm_state unchanged; the image goes ERROR.' },

  // Nova: delete() checks no state; a server with no host is deleted at once (local delete).
  DeleteServer: {
    action: 'delete',
    vmStates: LIVE_VM_STATES,
    taskStates: ANY_TASK_STATE,
    sender: 'api-gateway',
    events: ['ServerDeleteRequested', 'ServerDeleted'],
    note: 'No host: ServerDeleteRequested and ServerDeleted at once (local delete). While deleting: decides nothing.',
  },
  CompleteDelete: { ...whileTask('completeDelete', [TaskState.Deleting], ['ServerDeleted']), note: 'DELETED, after the agent released the addresses.' },

  // Nova: the compute manager's _sync_power_states, for any live server.
  ReportPowerState: {
    action: 'syncPowerState',
    vmStates: LIVE_VM_STATES,
    taskStates: ANY_TASK_STATE,
    sender: 'compute-agent',
    events: ['ServerPowerStateChanged'],
    note: 'The same power state decides nothing. SHUTDOWN or CRASHED turns ACTIVE into STOPPED; RUNNING keeps the vm_state.',
  },

  AddSecurityGroup: { ...anyLiveState('addSecurityGroup', ['ServerSecurityGroupAdded']), note: 'A group the server already has: 400.' },
  RemoveSecurityGroup: { ...anyLiveState('removeSecurityGroup', ['ServerSecurityGroupRemoved']), note: 'A group the server does not have: 400.' },
  AddFloatingIp: { ...anyLiveState('addFloatingIp', ['ServerFloatingIpAdded']), note: 'An address the server already has decides nothing.' },
  RemoveFloatingIp: {
    ...anyLiveState('removeFloatingIp', ['ServerFloatingIpRemoved']),
    note: 'Only an address added with addFloatingIp, not the one given at build (400 otherwise).',
  },
};

export const SERVER_RULE_NAMES = Object.keys(SERVER_ALLOWED_STATES) as ServerRuleName[];

/** The row that governs a command (a reboot's row depends on its type). */
export function serverRuleName(command: ServerCommand): ServerRuleName {
  return command.type === 'RebootServer' ? `RebootServer(${command.rebootType})` : command.type;
}

export function serverAllowedStates(command: ServerCommand | ServerRuleName): ServerAllowedStates {
  return SERVER_ALLOWED_STATES[typeof command === 'string' ? command : serverRuleName(command)];
}

/** The action a command shows in a 409: reboot, rebuild, createImage, delete, ... */
export function serverAction(command: ServerCommand | ServerRuleName): string {
  return serverAllowedStates(command).action;
}

/**
 * Does the table allow the command in this (vm_state, task_state)? `vmState` null means no
 * server yet. `hasHost` is checked only for the rows that look at placement, and only when given.
 */
export function isServerCommandAllowed(
  command: ServerCommand | ServerRuleName,
  vmState: VmState | null,
  taskState: TaskState | null,
  hasHost?: boolean,
): boolean {
  const row = serverAllowedStates(command);
  if (!row.vmStates.includes(vmState ?? 'NONE') || !row.taskStates.includes(taskState)) return false;
  if (row.host === undefined || hasHost === undefined) return true;
  return row.host === 'assigned' ? hasHost : !hasHost;
}
