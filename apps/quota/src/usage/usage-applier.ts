// Applies one usage fact to the quota tables, in the event consumer's transaction. The rule
// (docs/quota.md, "Usage and reservations"):
// - what a holder newly acquires is added to in_use;
// - if the event names a reservation of the same tenant that still holds room, that room is
//   taken instead of counted twice: while reserved, it moves from `reserved` to `in_use`;
//   once committed, it was in in_use already, so only the part beyond it is added;
// - a reservation whose every row is taken this way counts as committed;
// - a release subtracts exactly what the holder held.
// The tenant's usage rows are locked first, in the same order as a reserve's.

import type { QuotaResource } from '@app/contracts';
import type { SqlTx } from '@app/event-store';
import type { UsageFact } from '@app/domain/quota/usage-facts';
import type { QuotaUsagesRepository, UsageChange } from '../reservations/quota-usages.repository';
import type { ReservationsRepository } from '../reservations/reservations.repository';
import type { Holding, UsageHoldingsRepository } from './usage-holdings.repository';

export class UsageApplier {
  constructor(
    private readonly usages: QuotaUsagesRepository,
    private readonly holdings: UsageHoldingsRepository,
    private readonly reservations: ReservationsRepository,
  ) {}

  async apply(tx: SqlTx, fact: UsageFact): Promise<void> {
    await this.usages.lock(tx, fact.tenantId);
    if (fact.kind === 'release') {
      const released = await this.holdings.release(tx, fact.holder, fact.tenantId, fact.withParts);
      await this.usages.add(tx, fact.tenantId, sum(released, (amount) => ({ inUse: -amount, reserved: 0 })));
      return;
    }
    const acquired = await this.holdings.acquire(tx, fact.holder, fact.tenantId, fact.amounts);
    if (acquired.length === 0) return;
    const change = sum(acquired, (amount) => ({ inUse: amount, reserved: 0 }));
    if (fact.reservationId) await this.takeFromReservation(tx, fact.tenantId, fact.reservationId, acquired, change);
    await this.usages.add(tx, fact.tenantId, change);
  }

  /** Adjusts `change` for the room the named reservation still holds, and takes it from the reservation. */
  private async takeFromReservation(tx: SqlTx, tenantId: string, reservationId: string, acquired: Holding[], change: UsageChange): Promise<void> {
    const rows = (await this.reservations.lock(tx, reservationId)).filter((r) => r.tenantId === tenantId);
    const state = rows[0]?.state;
    if (state !== 'reserved' && state !== 'committed') return;
    for (const { resource, amount } of acquired) {
      const row = rows.find((r) => r.resource === resource);
      const take = Math.min(amount, row?.remaining ?? 0);
      if (take === 0) continue;
      await this.reservations.take(tx, reservationId, resource, take);
      row!.remaining -= take;
      const c = change[resource]!;
      if (state === 'reserved') c.reserved -= take;
      else c.inUse -= take;
    }
    if (state === 'reserved' && rows.every((r) => r.remaining === 0)) await this.reservations.setState(tx, reservationId, 'committed', false);
  }
}

function sum(holdings: Holding[], per: (amount: number) => { inUse: number; reserved: number }): UsageChange {
  const change: UsageChange = {};
  for (const { resource, amount } of holdings) {
    const c = per(amount);
    const prev = change[resource as QuotaResource];
    change[resource] = prev ? { inUse: prev.inUse + c.inUse, reserved: prev.reserved + c.reserved } : c;
  }
  return change;
}
