// ServerBuildFailed / ServerDeleted -> the server's claim is released: its row deleted and its
// resources given back to the host, in the 'scheduler' consumer's transaction. Idempotent: a
// server without a claim (released already, never scheduled, or failed scheduling) changes
// nothing. Nova: the resource tracker's abort_instance_claim / update_usage on delete.

import { type RecordedEvent, idOf } from '@app/contracts';
import type { SqlTx } from '@app/event-store';
import type { ComputeHostsRepository } from '../hosts/compute-hosts.repository';
import type { HostManager } from '../hosts/host-manager';
import type { ClaimsRepository } from './claims.repository';

export class ReleaseClaimHandler {
  constructor(
    private readonly claims: ClaimsRepository,
    private readonly hostRows: ComputeHostsRepository,
    private readonly hosts: HostManager,
  ) {}

  async handle(event: RecordedEvent, tx: SqlTx): Promise<void> {
    const claim = await this.claims.delete(tx, idOf(event.streamName));
    if (!claim) return;
    const row = await this.hostRows.giveBack(tx, claim.host, claim);
    if (row) tx.afterCommit?.(() => this.hosts.applyRow(row));
  }
}
