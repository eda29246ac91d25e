// A virtual clock for tests of the runners: time moves only when every pending promise has
// settled and the next timer is due (a discrete-event loop), and `block(ms)` stands for the
// load generator's own event loop being busy, so that timers fire late.

import type { Clock } from './clock';

export class VirtualClock implements Clock {
  private time = 0;
  private readonly timers: { at: number; seq: number; resolve: () => void }[] = [];
  private seq = 0;

  now(): number {
    return this.time;
  }

  sleepUntil(at: number, signal?: AbortSignal): Promise<void> {
    if (at <= this.time || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const onAbort = () => {
        const index = this.timers.indexOf(timer);
        if (index >= 0) this.timers.splice(index, 1);
        resolve();
      };
      const timer = {
        at,
        seq: this.seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.timers.push(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** The process is busy for `ms`: time jumps, and timers due meanwhile fire after it. */
  block(ms: number): void {
    this.time += ms;
  }

  /** Runs the timers in time order until `work` settles. */
  async drive<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (settled) return work;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (!next) throw new Error('virtual clock: nothing left to wait for, but the work has not finished');
      this.time = Math.max(this.time, next.at);
      next.resolve();
    }
  }
}
