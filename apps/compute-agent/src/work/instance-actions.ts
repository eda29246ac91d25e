// The second fact of each two-phase action on a built server, as nova-compute's
// reboot_instance, rebuild_instance, snapshot_instance and terminate_instance: the driver does
// the work (taking the time its plan drew, failing when told to), then the agent writes the
// completion or the failure with the guest's console and state in the same transaction.
// Each action first checks that its task still runs (the task state is the lock); if not (a
// HARD reboot took over a soft one, a delete came), there is nothing left for it to do.
// Reboots, rebuilds and snapshots need their host up (the worker waits for it before they
// start); a delete does not, as Nova deletes locally when the compute service is down.

import { InvalidServerStateError, PowerState, type ServerFault, type ServerState, TaskState, VmState } from '@app/domain/server';
import { FakeHypervisorDriver, InjectedFaultError } from '../fake-virt/hypervisor-driver';
import { planAction } from '../fake-virt/step-profile';
import { guestFacts } from '../console/guest-facts';
import { rebootLines, rebuildLines } from '../console/console-text';
import type { TaskRow } from '../instances/instance-tasks.repository';
import type { InstanceRow } from '../instances/instances.repository';
import { HostDownError, injectedFault } from './build-faults';
import { type ComputeDeps, contextOf, randomFor } from './compute-deps';
import { isStopping } from './task-signals';

type ActionKind = 'reboot' | 'rebuild' | 'snapshot' | 'delete';

const MAX_PASSES = 16;

/** Does the server still wait for this task? */
function stillAsked(kind: ActionKind, state: ServerState, task: TaskRow): boolean {
  if (!state.exists || state.vmState === VmState.Deleted) return false;
  switch (kind) {
    case 'reboot':
      return state.taskState === TaskState.Rebooting || state.taskState === TaskState.RebootingHard;
    case 'rebuild':
      return state.taskState === TaskState.Rebuilding;
    case 'snapshot':
      return state.taskState === TaskState.ImageSnapshot && state.snapshotImageUuid === task.data.imageUuid;
    case 'delete':
      return state.taskState === TaskState.Deleting;
    default: {
      const _exhaustive: never = kind;
      return _exhaustive;
    }
  }
}

export class InstanceActions {
  constructor(private readonly d: ComputeDeps) {}

  /** Runs a reboot, rebuild, snapshot or delete to its end; returns the task's outcome. */
  async run(kind: ActionKind, task: TaskRow, instance: InstanceRow, signal: AbortSignal): Promise<string> {
    const driver = new FakeHypervisorDriver({ action: planAction(this.d.profile, kind, randomFor(this.d, task, instance)) });
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const state = await this.d.steps.load(task.serverUuid);
      if (!stillAsked(kind, state, task)) {
        if (kind === 'delete' && (!state.exists || state.vmState === VmState.Deleted)) await this.d.db.transaction((tx) => this.d.instances.deleted(tx, instance.serverUuid));
        return kind === 'delete' ? 'deleted' : 'superseded';
      }
      if (kind !== 'delete') await this.d.fleet.waitUntilUp(instance.host, signal);
      const started = Date.now();
      try {
        const outcome = await this.once(kind, driver, task, instance, state, signal);
        this.d.metrics.stepSeconds.observe({ step: kind }, (Date.now() - started) / 1000);
        this.d.metrics.actions.inc({ kind, outcome });
        return outcome;
      } catch (error) {
        if (isStopping(error)) throw error;
        // The state moved (read it again), or the host went down under the action (wait for it again).
        if (error instanceof InvalidServerStateError || error instanceof HostDownError) continue;
        throw error;
      }
    }
    throw new Error(`the ${kind} of ${task.serverUuid} did not settle after ${MAX_PASSES} passes`);
  }

  private async once(kind: ActionKind, driver: FakeHypervisorDriver, task: TaskRow, instance: InstanceRow, state: ServerState, signal: AbortSignal): Promise<string> {
    const uuid = instance.serverUuid;
    const context = contextOf(task);
    if (kind === 'delete') {
      await driver.destroy(signal);
      await this.d.network.releaseServerAddresses({ tenantId: task.tenantId, serverId: uuid, correlationId: task.correlationId });
      await this.d.steps.run(uuid, { type: 'CompleteDelete', at: this.d.now() }, context, async (tx) => {
        await this.d.instances.deleted(tx, uuid);
        await this.d.consoles.clear(tx, uuid);
      });
      return 'deleted';
    }
    try {
      if (kind === 'reboot') await driver.reboot(signal);
      else if (kind === 'rebuild') await driver.rebuild(signal);
      else await driver.snapshot(signal);
    } catch (error) {
      if (!(error instanceof InjectedFaultError)) throw error;
      this.d.metrics.stepFailures.inc({ step: kind, reason: 'injected' });
      return this.failed(kind, task, instance, injectedFault(error, instance.host, this.d.seed, this.d.now()));
    }
    if (!this.d.fleet.isUp(instance.host)) throw new HostDownError(instance.host);
    const at = this.d.now();
    if (kind === 'reboot') {
      const type = state.taskState === TaskState.RebootingHard ? 'HARD' : 'SOFT';
      await this.d.steps.run(uuid, { type: 'CompleteReboot', powerState: PowerState.Running, at }, context, async (tx) => {
        await this.d.consoles.append(tx, uuid, rebootLines(type, guestFacts(instance, state.fixedIp), at));
        await this.d.instances.setState(tx, uuid, 'running');
      });
      return 'rebooted';
    }
    if (kind === 'rebuild') {
      const rebuilt = { ...instance, imageId: state.imageId, personalityPaths: state.personality.map((p) => p.path), rebuilds: instance.rebuilds + 1 };
      await this.d.steps.run(uuid, { type: 'CompleteRebuild', powerState: PowerState.Running, at }, context, async (tx) => {
        await this.d.consoles.append(tx, uuid, rebuildLines(guestFacts(rebuilt, state.fixedIp), at));
        await this.d.instances.rebuilt(tx, uuid, rebuilt.imageId, rebuilt.personalityPaths);
      });
      return 'rebuilt';
    }
    await this.d.steps.run(uuid, { type: 'CompleteSnapshot', at }, context);
    return 'snapshotted';
  }

  /** A failed reboot or rebuild puts the server in ERROR (as Nova); a failed snapshot only clears the task. */
  private async failed(kind: Exclude<ActionKind, 'delete'>, task: TaskRow, instance: InstanceRow, fault: ServerFault): Promise<string> {
    const uuid = instance.serverUuid;
    const context = contextOf(task);
    if (kind === 'snapshot') {
      await this.d.steps.run(uuid, { type: 'FailSnapshot', reason: `${fault.message} (${fault.details})`, at: fault.created }, context);
      return 'failed';
    }
    const command = kind === 'reboot' ? ({ type: 'FailReboot', fault } as const) : ({ type: 'FailRebuild', fault } as const);
    await this.d.steps.run(uuid, command, context, (tx) => this.d.instances.setState(tx, uuid, 'error'));
    return 'failed';
  }
}
