// A counting semaphore: at most `size` tasks do work at once (COMPUTE_MAX_CONCURRENT_TASKS), the
// rest wait in arrival order. Waiting can be abandoned through an abort signal.

export class Slots {
  private used = 0;
  private readonly waiting: { grant: () => void }[] = [];

  constructor(readonly size: number) {}

  get inUse(): number {
    return this.used;
  }

  async use<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    await this.acquire(signal);
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.used < this.size) {
      this.used++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          this.used++;
          resolve();
        },
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal.reason);
      };
      this.waiting.push(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private release(): void {
    this.used--;
    this.waiting.shift()?.grant();
  }
}
