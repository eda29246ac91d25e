// Builds one server on one of the agent's hosts, as nova-compute's _build_and_run_instance:
//  1. BUILD(networking): ask the network app for a fixed IP and an auto-assigned floating IP
//     (Nova's _allocate_network), plug the VIFs, record the addresses;
//  2. BUILD(block_device_mapping): prepare the root disk (Nova's _prep_block_device);
//  3. BUILD(spawning): the driver spawns the guest, progress rises (realistic profile);
//  4. ACTIVE, power state RUNNING, the boot on the console; the quota reservation committed.
// A failing step releases the addresses, then writes ServerBuildFailed with the fault and rolls
// the reservation back. Each pass reads the server's state first (build-progress.ts), so a
// retried or resumed build goes on from where it was, and a delete that arrived mid-build stops
// it (the delete task then releases the addresses and completes the delete). The behaviours
// decided for the build (stored on its task, behaviours/build-behaviours.ts) add their delay at
// the end of a step, then fail it if one says so.

import { NetworkUnavailableError } from '@app/contracts';
import { PowerState, InvalidServerStateError, type ServerState } from '@app/domain/server';
import { BehaviourFaultError, type BehaviourStep, delayOf } from '../behaviours/build-behaviours';
import { FakeHypervisorDriver, sleep } from '../fake-virt/hypervisor-driver';
import { planBuild } from '../fake-virt/step-profile';
import { guestFacts } from '../console/guest-facts';
import { bootLines, spawnFailureLines } from '../console/console-text';
import type { BuildFailure, TaskRow } from '../instances/instance-tasks.repository';
import type { InstanceRow } from '../instances/instances.repository';
import { type BuildStepName, HostDownError, buildFailureOf } from './build-faults';
import { nextBuildAction } from './build-progress';
import { type ComputeDeps, contextOf, randomFor, settleReservation } from './compute-deps';
import { isStopping } from './task-signals';

/** More passes than a build has steps (with progress): a loop that does not end is a bug. */
const MAX_PASSES = 64;
/** Tries at the network app before a build fails for want of it, with growing pauses. */
const NETWORK_ATTEMPTS = 3;
const NETWORK_RETRY_MS = 1000;

export class BuildInstance {
  constructor(private readonly d: ComputeDeps) {}

  /** Runs the build to its end; returns the task's outcome (active, error, deleted). */
  async run(task: TaskRow, instance: InstanceRow, signal: AbortSignal): Promise<string> {
    if (task.failure) return this.fail(task, instance, task.failure);
    const driver = new FakeHypervisorDriver({ build: planBuild(this.d.profile, randomFor(this.d, task, instance)) });
    const context = contextOf(task);
    const uuid = task.serverUuid;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const state = await this.d.steps.load(uuid);
      const action = nextBuildAction(state);
      let step: BuildStepName = 'networking';
      const started = Date.now();
      try {
        switch (action.next) {
          case 'done':
            return this.finished(task, instance, action.outcome);
          case 'start_networking':
            await this.d.steps.run(uuid, { type: 'StartNetworking', at: this.d.now() }, context);
            break;
          case 'allocate_network': {
            this.checkHost(instance);
            const { fixedIp, floatingIp } = await this.allocateNetwork(task, instance, signal);
            await driver.plugVifs(signal);
            await this.behaviours(task, step, signal);
            this.checkHost(instance);
            await this.d.steps.run(uuid, { type: 'RecordNetwork', fixedIp, floatingIp, at: this.d.now() }, context);
            this.d.metrics.stepSeconds.observe({ step }, (Date.now() - started) / 1000);
            break;
          }
          case 'start_block_device_mapping':
            await this.d.steps.run(uuid, { type: 'StartBlockDeviceMapping', at: this.d.now() }, context);
            break;
          case 'prepare_block_devices':
            step = 'block_device_mapping';
            this.checkHost(instance);
            await driver.prepareBlockDevices(signal);
            await this.behaviours(task, step, signal);
            this.checkHost(instance);
            await this.d.steps.run(uuid, { type: 'StartSpawning', at: this.d.now() }, context);
            this.d.metrics.stepSeconds.observe({ step }, (Date.now() - started) / 1000);
            break;
          case 'spawn':
            step = 'spawning';
            this.checkHost(instance);
            await driver.spawn(signal, action.from, (progress) => this.progress(uuid, progress, context));
            await this.behaviours(task, step, signal);
            this.checkHost(instance);
            await this.finishBuild(instance, state, context);
            this.d.metrics.stepSeconds.observe({ step }, (Date.now() - started) / 1000);
            break;
          default: {
            const _exhaustive: never = action;
            return _exhaustive;
          }
        }
      } catch (error) {
        if (isStopping(error)) throw error;
        // The state moved under us (a delete, another writer): read it again and decide again.
        if (error instanceof InvalidServerStateError) continue;
        const failed = buildFailureOf(step, error, instance.host, this.d.seed, this.d.now());
        if (!failed) throw error;
        this.d.metrics.stepFailures.inc({ step, reason: failed.reason });
        await this.d.tasks.saveFailure(this.d.db, task.taskId, failed.failure);
        return this.fail(task, instance, failed.failure);
      }
    }
    throw new Error(`the build of ${uuid} did not settle after ${MAX_PASSES} passes`);
  }

  /** The end of a step as the build's behaviours have it: their delay, then their failure. */
  private async behaviours(task: TaskRow, step: BehaviourStep, signal: AbortSignal): Promise<void> {
    const plan = task.behaviours;
    if (!plan) return;
    const ms = delayOf(plan, step);
    if (ms > 0) {
      for (const d of plan.delays) if (d.step === step) this.d.behaviourMetrics?.applied('delay-step');
      await sleep(ms, signal);
    }
    if (plan.failure?.step === step) {
      this.d.behaviourMetrics?.applied('fail-build-step');
      throw new BehaviourFaultError(plan.failure);
    }
  }

  private checkHost(instance: InstanceRow): void {
    if (!this.d.fleet.isUp(instance.host)) throw new HostDownError(instance.host);
  }

  /**
   * A fixed IP (the network app returns the same one when asked again for the server) and an
   * auto-assigned floating IP. allocateFloatingIp would give a second one if asked again, so a
   * retried build first looks for the one it already has.
   */
  private async allocateNetwork(task: TaskRow, instance: InstanceRow, signal: AbortSignal): Promise<{ fixedIp: string; floatingIp: string }> {
    const { tenantId, correlationId } = task;
    const serverId = instance.serverUuid;
    const allocate = async () => {
      const fixed = await this.d.network.allocateFixedIp({ tenantId, serverId, correlationId });
      const held = (await this.d.network.listFloatingIps({ tenantId })).find((ip) => ip.autoAssigned && ip.instanceId === serverId);
      const floating = held ?? (await this.d.network.allocateFloatingIp({ tenantId, autoAssignTo: { serverId, fixedIp: fixed.address }, correlationId }));
      return { fixedIp: fixed.address, floatingIp: floating.ip };
    };
    // A network app that did not answer in time may still have done it: asking again is safe.
    for (let attempt = 1; ; attempt++) {
      try {
        return await allocate();
      } catch (error) {
        if (!(error instanceof NetworkUnavailableError) || attempt >= NETWORK_ATTEMPTS) throw error;
        this.d.log.warn({ server: serverId, attempt, err: error.message }, 'the network service did not answer; asking again');
        await sleep(NETWORK_RETRY_MS * attempt, signal);
      }
    }
  }

  private async progress(uuid: string, progress: number, context: ReturnType<typeof contextOf>): Promise<void> {
    await this.d.steps.run(uuid, { type: 'ReportSpawnProgress', progress, at: this.d.now() }, context);
  }

  private async finishBuild(instance: InstanceRow, state: ServerState, context: ReturnType<typeof contextOf>): Promise<void> {
    const at = this.d.now();
    await this.d.steps.run(instance.serverUuid, { type: 'FinishBuild', powerState: PowerState.Running, at }, context, async (tx) => {
      await this.d.consoles.append(tx, instance.serverUuid, bootLines(guestFacts(instance, state.fixedIp), at));
      await this.d.instances.setState(tx, instance.serverUuid, 'running');
    });
  }

  /** The build ended before this pass: settle the reservation (again: both are idempotent). */
  private async finished(task: TaskRow, instance: InstanceRow, outcome: 'active' | 'error' | 'deleting' | 'gone'): Promise<string> {
    if (outcome === 'active') {
      await settleReservation(this.d, instance, task, 'commit');
      this.d.metrics.builds.inc({ outcome: 'active' });
      return 'active';
    }
    if (outcome === 'error') {
      await settleReservation(this.d, instance, task, 'rollback');
      return 'error';
    }
    this.d.metrics.builds.inc({ outcome: 'deleted' });
    return 'deleted';
  }

  /** Releases the addresses, then ServerBuildFailed (ERROR with the fault), then rolls the reservation back. */
  private async fail(task: TaskRow, instance: InstanceRow, failure: BuildFailure): Promise<string> {
    await this.d.network.releaseServerAddresses({ tenantId: task.tenantId, serverId: instance.serverUuid, correlationId: task.correlationId });
    const state = await this.d.steps.load(instance.serverUuid);
    const action = nextBuildAction(state);
    if (action.next === 'done') return this.finished(task, instance, action.outcome);
    try {
      await this.d.steps.run(instance.serverUuid, { type: 'FailBuild', step: failure.step, fault: failure.fault }, contextOf(task), async (tx) => {
        if (failure.step === 'spawning') await this.d.consoles.append(tx, instance.serverUuid, spawnFailureLines(guestFacts(instance, state.fixedIp)));
        await this.d.instances.setState(tx, instance.serverUuid, 'error');
      });
    } catch (error) {
      if (!(error instanceof InvalidServerStateError)) throw error;
      // A delete got there first, or the failure is already written: the state tells which.
      const now = nextBuildAction(await this.d.steps.load(instance.serverUuid));
      if (now.next !== 'done') throw error;
      return this.finished(task, instance, now.outcome);
    }
    this.d.metrics.builds.inc({ outcome: 'error' });
    await settleReservation(this.d, instance, task, 'rollback');
    return 'error';
  }
}
