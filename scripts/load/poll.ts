// Waiting for a state by polling with backoff and seeded jitter, within a bounded time. Each
// interval is a share of the time waited so far, so a state is seen late by at most that
// share (the servers' events give the exact durations). A probe answers "done", "not yet", or
// throws a terminal IterationError; answers that may pass (a 5xx, no connection while an app
// restarts) count as "not yet" and are remembered for the timeout's message.

import type { Clock } from './clock';
import { IterationError } from './nova-client';
import type { Random } from './prng';

export interface Backoff {
  /** The shortest interval, ms. */
  firstMs: number;
  /** Each interval is this share of the time waited so far: the state is seen at most this much late, relatively. */
  share: number;
  maxMs: number;
  /** ± this fraction of each interval, drawn from the iteration's generator. */
  jitter: number;
}

/** 25 ms at first, then a quarter of the time waited, at most 1 s: about 14 GETs for a 1 s build, 25 for 10 s. */
export const DEFAULT_BACKOFF: Backoff = { firstMs: 25, share: 0.25, maxMs: 1000, jitter: 0.2 };

export type ProbeResult<T> = { done: true; value: T } | { done: false; seen: string };

export interface PollOptions {
  clock: Clock;
  random: Random;
  timeoutMs: number;
  /** The error type when the time runs out (timeout_active, timeout_deleted, ...). */
  timeoutType: string;
  /** What is awaited, for the timeout's message. */
  what: string;
  backoff?: Backoff;
}

/** The next interval after waiting `waitedMs`: a share of the time waited, within [first, max], with jitter. */
export function backoffDelay(backoff: Backoff, waitedMs: number, random: Random): number {
  const base = Math.min(backoff.maxMs, Math.max(backoff.firstMs, waitedMs * backoff.share));
  return base * (1 + backoff.jitter * (2 * random() - 1));
}

export async function pollUntil<T>(options: PollOptions, probe: () => Promise<ProbeResult<T>>): Promise<T> {
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const start = options.clock.now();
  const deadline = start + options.timeoutMs;
  let seen = 'nothing yet';
  for (;;) {
    let result: ProbeResult<T>;
    try {
      result = await probe();
    } catch (error) {
      if (!(error instanceof IterationError) || !isPassing(error)) throw error;
      result = { done: false, seen: error.message };
    }
    if (result.done) return result.value;
    seen = result.seen;
    const now = options.clock.now();
    if (now >= deadline) throw new IterationError(options.timeoutType, `${options.what}: not within ${options.timeoutMs} ms (last seen: ${seen})`);
    await options.clock.sleepUntil(Math.min(deadline, now + backoffDelay(backoff, now - start, options.random)));
  }
}

/** Failures that may pass while polling: no connection, no answer in time, a 5xx. */
export function isPassing(error: IterationError): boolean {
  return error.type === 'connection_error' || error.type === 'request_timeout' || /^http_5\d\d$/.test(error.type);
}
