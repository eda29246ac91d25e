// Why a build step failed, as the fault the server shows in ERROR (code 500, message, details,
// created): an injected fault (FAIL_<STEP>, or a fail-build-step behaviour), an address pool with nothing left, the network service refusing
// or not answering, or the host going down. Anything else is not a build failure: the task is
// retried (a database that is briefly away must not put servers in ERROR).
// Nova: nova/compute/manager.py _build_and_run_instance turns these into a BuildAbortException
// and the instance fault; NoMoreFixedIps / NoMoreFloatingIps from nova/network.

import { InvalidNetworkRequestError, NetworkUnavailableError, PoolExhaustedError } from '@app/contracts';
import type { ServerFault } from '@app/domain/server';
import { BehaviourFaultError } from '../behaviours/build-behaviours';
import { InjectedFaultError } from '../fake-virt/hypervisor-driver';
import type { BuildFailure } from '../instances/instance-tasks.repository';

export type BuildStepName = BuildFailure['step'];

/** The host of a server went down under a step that needs it. */
export class HostDownError extends Error {
  constructor(readonly host: string) {
    super(`compute host ${host} is down`);
    this.name = 'HostDownError';
  }
}

/** The message of an injected fault, as Nova words the failure of that step. */
const INJECTED_MESSAGES: Record<string, string> = {
  networking: 'Failed to allocate the network(s), not rescheduling.',
  block_device_mapping: 'Failure prepping block device.',
  spawning: 'Instance failed to spawn: internal error: process exited while connecting to monitor',
  reboot: 'Failed to reboot the instance: internal error: the domain did not come back',
  rebuild: 'Failed to rebuild the instance: internal error: the new root disk could not be written',
  snapshot: 'Failed to snapshot the instance: internal error: qemu-img convert failed',
};

export function injectedFault(error: InjectedFaultError, host: string, seed: string, at: string): ServerFault {
  const { step, latencyMs, rate, draw } = error.draw;
  return {
    code: 500,
    message: INJECTED_MESSAGES[step] ?? `injected ${step} failure`,
    details: `fault injected by the simulated hypervisor on ${host}: step ${step} failed after ${latencyMs} ms (FAIL_${step.toUpperCase()}=${rate}, drew ${draw.toFixed(4)}, FAULT_SEED=${seed})`,
    created: at,
  };
}

/** The failure a step error stands for, or undefined when the error is not one (retry the task). */
export function buildFailureOf(step: BuildStepName, error: unknown, host: string, seed: string, at: string): { failure: BuildFailure; reason: string } | undefined {
  if (error instanceof InjectedFaultError) return { failure: { step, fault: injectedFault(error, host, seed, at) }, reason: 'injected' };
  if (error instanceof BehaviourFaultError) return { failure: { step, fault: { ...error.failure.fault, created: at } }, reason: 'behaviour' };
  if (error instanceof PoolExhaustedError) {
    return { failure: { step, fault: { code: 500, message: `No more ${error.pool} IP addresses`, details: error.message, created: at } }, reason: 'pool_exhausted' };
  }
  if (error instanceof InvalidNetworkRequestError || error instanceof NetworkUnavailableError) {
    return { failure: { step, fault: { code: 500, message: 'Failed to allocate the network(s), not rescheduling.', details: error.message, created: at } }, reason: 'network' };
  }
  if (error instanceof HostDownError) {
    return { failure: { step, fault: { code: 500, message: `Build of instance aborted: ${error.message}`, details: `the simulated host ${host} was taken down (set-host-state) while the server was building`, created: at } }, reason: 'host_down' };
  }
  return undefined;
}
