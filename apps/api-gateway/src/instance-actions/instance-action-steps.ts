// How server events become Nova's instance actions: which event starts an action (and its
// name as Nova records it), and which events open and close the steps inside it (Nova's
// instance action events, named after the manager method that ran them, e.g.
// compute_reboot_instance). Pure data plus one function, so docs and tests can read it.
// Nova: nova/compute/instance_actions.py, nova/objects/instance_action.py.

import type { ServerEvent } from '@app/domain/server';

/** What one server event means for the audit trail. */
export type ActionEffect =
  | { kind: 'start-action'; action: string; at: string; step?: string }
  | { kind: 'start-step'; step: string; at: string }
  | { kind: 'finish-step'; step: string; at: string; result: 'Success' | 'Error'; message?: string }
  | { kind: 'none' };

const BUILD = 'compute__do_build_and_run_instance';
const SCHEDULE = 'scheduler_select_destinations';

export function actionEffectOf(event: ServerEvent): ActionEffect {
  switch (event.type) {
    case 'ServerCreateRequested':
      return { kind: 'start-action', action: 'create', at: event.data.requestedAt, step: SCHEDULE };
    case 'ServerScheduled':
      return { kind: 'finish-step', step: SCHEDULE, at: event.data.scheduledAt, result: 'Success' };
    case 'ServerSchedulingFailed':
      return { kind: 'finish-step', step: SCHEDULE, at: event.data.fault.created, result: 'Error', message: event.data.fault.message };
    case 'ServerNetworkingStarted':
      return { kind: 'start-step', step: BUILD, at: event.data.at };
    case 'ServerBuilt':
      return { kind: 'finish-step', step: BUILD, at: event.data.launchedAt, result: 'Success' };
    case 'ServerBuildFailed':
      return { kind: 'finish-step', step: BUILD, at: event.data.fault.created, result: 'Error', message: event.data.fault.message };
    case 'ServerRebootRequested':
      return { kind: 'start-action', action: 'reboot', at: event.data.at, step: 'compute_reboot_instance' };
    case 'ServerRebooted':
      return { kind: 'finish-step', step: 'compute_reboot_instance', at: event.data.at, result: 'Success' };
    case 'ServerRebootFailed':
      return { kind: 'finish-step', step: 'compute_reboot_instance', at: event.data.fault.created, result: 'Error', message: event.data.fault.message };
    case 'ServerRebuildRequested':
      return { kind: 'start-action', action: 'rebuild', at: event.data.at, step: 'compute_rebuild_instance' };
    case 'ServerRebuilt':
      return { kind: 'finish-step', step: 'compute_rebuild_instance', at: event.data.at, result: 'Success' };
    case 'ServerRebuildFailed':
      return { kind: 'finish-step', step: 'compute_rebuild_instance', at: event.data.fault.created, result: 'Error', message: event.data.fault.message };
    case 'ServerSnapshotRequested':
      return { kind: 'start-action', action: 'createImage', at: event.data.at, step: 'compute_snapshot_instance' };
    case 'ServerSnapshotCompleted':
      return { kind: 'finish-step', step: 'compute_snapshot_instance', at: event.data.at, result: 'Success' };
    case 'ServerSnapshotFailed':
      return { kind: 'finish-step', step: 'compute_snapshot_instance', at: event.data.at, result: 'Error', message: event.data.reason };
    case 'ServerDeleteRequested':
      return { kind: 'start-action', action: 'delete', at: event.data.at, step: 'compute_terminate_instance' };
    case 'ServerDeleted':
      return { kind: 'finish-step', step: 'compute_terminate_instance', at: event.data.at, result: 'Success' };
    case 'ServerPowerStateChanged':
      // Nova's power-state sync stops a server whose hypervisor says it is off: action 'stop'.
      return event.data.powerState === 4 ? { kind: 'start-action', action: 'stop', at: event.data.at } : { kind: 'none' };
    case 'ServerSecurityGroupAdded':
      return { kind: 'start-action', action: 'addSecurityGroup', at: event.data.at };
    case 'ServerSecurityGroupRemoved':
      return { kind: 'start-action', action: 'removeSecurityGroup', at: event.data.at };
    case 'ServerFloatingIpAdded':
      return { kind: 'start-action', action: 'addFloatingIp', at: event.data.at };
    case 'ServerFloatingIpRemoved':
      return { kind: 'start-action', action: 'removeFloatingIp', at: event.data.at };
    case 'ServerUpdated':
      return { kind: 'start-action', action: 'update', at: event.data.at };
    default:
      return { kind: 'none' };
  }
}
