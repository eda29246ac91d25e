// The agent's hosts as it runs: which exist and which are up, in memory (loaded from the hosts
// table at start, changed by set-host-state), and a way for work to wait until a host is up
// again (a HARD reboot of a server whose host is down waits here, as Nova's RPC cast would sit
// in the queue until nova-compute came back).

import { ComputeHostNotFoundError } from '@app/contracts';

export class HostFleet {
  private readonly up = new Map<string, boolean>();
  private readonly waiters = new Map<string, Set<() => void>>();

  /** Replaces the fleet: every host and whether it is up. */
  load(hosts: Iterable<{ name: string; up: boolean }>): void {
    this.up.clear();
    for (const h of hosts) this.up.set(h.name, h.up);
  }

  has(host: string): boolean {
    return this.up.has(host);
  }

  get size(): number {
    return this.up.size;
  }

  isUp(host: string): boolean {
    return this.up.get(host) === true;
  }

  /** The hosts that are down, sorted (the heartbeat's `downHosts`). */
  downHosts(): string[] {
    return [...this.up].filter(([, up]) => !up).map(([name]) => name).sort();
  }

  set(host: string, up: boolean): void {
    if (!this.up.has(host)) throw new ComputeHostNotFoundError(`Compute host ${host} is not simulated by this agent`);
    this.up.set(host, up);
    if (!up) return;
    const waiting = this.waiters.get(host);
    this.waiters.delete(host);
    for (const wake of waiting ?? []) wake();
  }

  /** Resolves once `host` is up (at once if it is), or rejects with the signal's reason. */
  waitUntilUp(host: string, signal: AbortSignal): Promise<void> {
    if (this.isUp(host) || !this.up.has(host)) return Promise.resolve();
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const set = this.waiters.get(host) ?? new Set<() => void>();
      this.waiters.set(host, set);
      const wake = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        set.delete(wake);
        reject(signal.reason);
      };
      set.add(wake);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
