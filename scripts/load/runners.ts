// Rally's two runners. By concurrency: N workers take the next iteration as soon as they are
// free, `times` in all. By constant arrival rate: iteration i is due at start + i / rate and is
// started then whether or not the earlier ones have finished (an open model), and is handed
// its due time so that its latency counts from when it should have started: if the load
// generator itself falls behind, the wait shows in the numbers instead of being silently
// left out (no coordinated omission).

import type { Clock } from './clock';
import type { Runner } from './load-types';

/** Runs one iteration. `dueAt` is when it was due on the runner's clock; it must not throw. */
export type Iteration<T> = (index: number, dueAt: number) => Promise<T>;

/** How many iterations a runner starts when not aborted. */
export function iterationCount(runner: Runner): number {
  return runner.type === 'concurrency' ? runner.times : Math.max(1, Math.round(runner.perSecond * runner.durationSeconds));
}

export function runIterations<T>(clock: Clock, runner: Runner, iteration: Iteration<T>, signal?: AbortSignal): Promise<T[]> {
  return runner.type === 'concurrency'
    ? runByConcurrency(clock, runner.concurrency, runner.times, iteration, signal)
    : runAtRate(clock, runner.perSecond, iterationCount(runner), iteration, signal);
}

/** `concurrency` workers, each starting the next iteration as soon as its last one ends. */
export async function runByConcurrency<T>(clock: Clock, concurrency: number, times: number, iteration: Iteration<T>, signal?: AbortSignal): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < times && !signal?.aborted) {
      const index = next++;
      results[index] = await iteration(index, clock.now());
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, times) }, worker));
  return results.filter((r) => r !== undefined);
}

/** `count` iterations, the i-th due at start + i * (1000 / perSecond) ms, none waiting for another. */
export async function runAtRate<T>(clock: Clock, perSecond: number, count: number, iteration: Iteration<T>, signal?: AbortSignal): Promise<T[]> {
  const interval = 1000 / perSecond;
  const start = clock.now();
  const results: T[] = [];
  const running: Promise<void>[] = [];
  for (let index = 0; index < count; index++) {
    const dueAt = start + index * interval;
    await clock.sleepUntil(dueAt, signal);
    if (signal?.aborted) break;
    running.push(iteration(index, dueAt).then((r) => void (results[index] = r)));
  }
  const settled = await Promise.allSettled(running);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return results.filter((r) => r !== undefined);
}
