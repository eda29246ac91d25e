// Host events into the compute_hosts table, run by the durable consumer 'scheduler-hosts' in its
// transaction: registered (capacity), state changed (up), enabled changed. Once the transaction
// commits, this replica's host states take the new row at once; other replicas' at their next
// reload. Nova: the compute node records nova-compute writes (nova/compute/resource_tracker.py).

import { type RecordedEvent, isHostEvent } from '@app/contracts';
import type { SqlTx } from '@app/event-store';
import type { ComputeHostRow, ComputeHostsRepository } from './compute-hosts.repository';
import type { HostManager } from './host-manager';

export class ComputeHostsProjection {
  constructor(
    private readonly rows: ComputeHostsRepository,
    private readonly hosts: HostManager,
  ) {}

  async apply(event: RecordedEvent, tx: SqlTx): Promise<void> {
    if (!isHostEvent(event)) return;
    let row: ComputeHostRow | null;
    switch (event.type) {
      case 'ComputeHostRegistered':
        row = await this.rows.register(tx, event.data);
        break;
      case 'ComputeHostStateChanged':
        row = await this.rows.setFlag(tx, event.data.host, 'up', event.data.up);
        break;
      case 'ComputeHostEnabledChanged':
        row = await this.rows.setFlag(tx, event.data.host, 'enabled', event.data.enabled);
        break;
      default: {
        const _exhaustive: never = event;
        return _exhaustive;
      }
    }
    if (row) {
      const fresh = row;
      tx.afterCommit?.(() => this.hosts.applyRow(fresh));
    }
  }
}
