// The driver interface the compute manager (../work) runs a server's steps against, and the
// fake hypervisor behind it. Like Nova's ComputeDriver (nova/virt/driver.py), with the fake of
// nova/virt/fake.py made richer: each call takes the time its plan drew and fails when its plan
// says so. Every call is abortable (a delete arriving mid-build, a shutdown): it then rejects
// with the signal's reason and leaves nothing behind.
//
// What each call promises:
//  - plugVifs: the host side of networking is wired (after the network app gave the addresses).
//    On failure nothing is plugged; the manager releases the addresses.
//  - prepareBlockDevices: the root disk (and any volume) is ready. On failure nothing is left.
//  - spawn: the guest is created and booted; `onProgress` is awaited at each progress point.
//    On failure the half-made guest is destroyed by the driver itself; the manager releases
//    the network and records the fault.
//  - reboot / rebuild / snapshot: the guest is running again (reboot, rebuild) or the image
//    is written (snapshot); on failure the guest is as before the call.
//  - destroy: the guest and its disks are gone; it never fails (Nova's destroy is best effort).

import type { BuildPlan, SpawnDraw, StepDraw } from './step-profile';

/** A fault the plan injected: the step failed at its end, after its latency. */
export class InjectedFaultError extends Error {
  constructor(readonly draw: StepDraw) {
    super(`injected ${draw.step} failure`);
    this.name = 'InjectedFaultError';
  }
}

export interface HypervisorDriver {
  plugVifs(signal: AbortSignal): Promise<void>;
  prepareBlockDevices(signal: AbortSignal): Promise<void>;
  /** `from` is the progress already reported (a resumed spawn skips what it did before). */
  spawn(signal: AbortSignal, from: number, onProgress: (progress: number) => Promise<void>): Promise<void>;
  reboot(signal: AbortSignal): Promise<void>;
  rebuild(signal: AbortSignal): Promise<void>;
  snapshot(signal: AbortSignal): Promise<void>;
  destroy(signal: AbortSignal): Promise<void>;
}

/** Waits `ms`, or rejects with the signal's reason as soon as it is aborted. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The fake hypervisor for one task, following the plan that task drew. */
export class FakeHypervisorDriver implements HypervisorDriver {
  constructor(private readonly plan: { build?: BuildPlan; action?: StepDraw }) {}

  plugVifs(signal: AbortSignal): Promise<void> {
    return this.timed(this.build().networking, signal);
  }

  prepareBlockDevices(signal: AbortSignal): Promise<void> {
    return this.timed(this.build().blockDeviceMapping, signal);
  }

  async spawn(signal: AbortSignal, from: number, onProgress: (progress: number) => Promise<void>): Promise<void> {
    const draw: SpawnDraw = this.build().spawning;
    const slice = draw.latencyMs / (draw.progress.length + 1);
    const remaining = draw.progress.filter((p) => p > from);
    for (const progress of remaining) {
      await sleep(slice, signal);
      await onProgress(progress);
    }
    // A resumed spawn waits only for what was left of it.
    await sleep(draw.progress.length === 0 ? draw.latencyMs : slice, signal);
    if (draw.fails) throw new InjectedFaultError(draw);
  }

  reboot(signal: AbortSignal): Promise<void> {
    return this.timed(this.action(), signal);
  }

  rebuild(signal: AbortSignal): Promise<void> {
    return this.timed(this.action(), signal);
  }

  snapshot(signal: AbortSignal): Promise<void> {
    return this.timed(this.action(), signal);
  }

  async destroy(signal: AbortSignal): Promise<void> {
    await sleep(this.action().latencyMs, signal);
  }

  private async timed(draw: StepDraw, signal: AbortSignal): Promise<void> {
    await sleep(draw.latencyMs, signal);
    if (draw.fails) throw new InjectedFaultError(draw);
  }

  private build(): BuildPlan {
    if (!this.plan.build) throw new Error('this driver was planned for an action, not a build');
    return this.plan.build;
  }

  private action(): StepDraw {
    if (!this.plan.action) throw new Error('this driver was planned for a build, not an action');
    return this.plan.action;
  }
}
