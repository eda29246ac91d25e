// compute.<agentId>.set-host-state: takes one of the agent's hosts down or brings it back up.
//  1. write the flag and ComputeHostStateChanged in `host-<name>` in one transaction (nothing
//     when the host already is so);
//  2. tell the fleet (waiting reboots go on when it is up) and send a heartbeat at once;
//  3. down: report SHUTDOWN for the host's ACTIVE servers (they become STOPPED), in the
//     background; up: nothing more, its servers stay STOPPED until a HARD reboot.

import { type ComputeHostStateChanged, ComputeHostNotFoundError, type HostStateAnswer, type SetHostStateRequest, StreamCategory, streamName } from '@app/contracts';
import type { PostgresEventStore, SqlDb } from '@app/event-store';
import type { HostFleet } from './host-fleet';
import type { HostsRepository } from './hosts.repository';
import type { PowerStateSync } from './power-state-sync';

export class HostStateHandler {
  constructor(
    private readonly o: {
      agentId: string;
      db: SqlDb;
      store: PostgresEventStore;
      hosts: HostsRepository;
      fleet: HostFleet;
      powerSync: PowerStateSync;
      /** After every change: the heartbeat and the hosts gauge. */
      changed: () => void;
      onSyncFailure: (host: string, error: unknown) => void;
    },
  ) {}

  async set({ host, up, reason, correlationId }: SetHostStateRequest): Promise<HostStateAnswer> {
    if (!this.o.fleet.has(host)) throw new ComputeHostNotFoundError(`Compute host ${host} is not simulated by agent ${this.o.agentId}`);
    const why = reason ?? (up ? 'brought up' : 'taken down');
    await this.o.db.transaction(async (tx) => {
      if (!(await this.o.hosts.setUp(tx, host, up, why))) return;
      const event: ComputeHostStateChanged = { type: 'ComputeHostStateChanged', data: { host, up, reason: why, at: new Date().toISOString() } };
      await this.o.store.append(streamName(StreamCategory.Host, host), 'any', [event], { correlationId, producer: 'compute-agent' }, tx);
    });
    this.o.fleet.set(host, up);
    this.o.changed();
    if (!up) void this.o.powerSync.hostDown(host, why, correlationId).catch((error) => this.o.onSyncFailure(host, error));
    return { host, up };
  }
}
