// The time source of the runners and scenarios: a monotonic clock in milliseconds and a sleep
// until a moment on it. Tests give a virtual clock to check the schedule exactly.

export interface Clock {
  /** Monotonic milliseconds. */
  now(): number;
  /** Resolves at (or after) `at` on this clock, or at once when `signal` is aborted. */
  sleepUntil(at: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleepUntil(at, signal) {
    const delay = at - performance.now();
    if (delay <= 0 || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, delay);
      signal?.addEventListener('abort', done, { once: true });
    });
  },
};

/** Sleeps `ms` on the clock. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return clock.sleepUntil(clock.now() + ms, signal);
}
