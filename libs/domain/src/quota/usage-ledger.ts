// Usage folded from usage facts in memory: who holds what, and the totals per tenant. The
// quota app keeps the same holdings in a table; replaying the log through this ledger and
// comparing is how stored usage is checked against the log (apps/quota usage-audit).

import type { QuotaResource } from '@app/contracts';
import type { UsageFact } from './usage-facts';
import { isHolderOrPart } from './usage-facts';

interface Holding {
  tenantId: string;
  amounts: Map<QuotaResource, number>;
}

export class UsageLedger {
  private readonly holdings = new Map<string, Holding>();
  /** Holders by their first segment (the stream), so a group's release finds its rules. */
  private readonly byStream = new Map<string, Set<string>>();

  apply(fact: UsageFact): void {
    if (fact.kind === 'acquire') this.acquire(fact.holder, fact.tenantId, fact.amounts);
    else this.release(fact.holder, fact.withParts);
  }

  /** Usage per tenant and resource: the sum of what holders hold. */
  totals(): Map<string, Map<QuotaResource, number>> {
    const totals = new Map<string, Map<QuotaResource, number>>();
    for (const { tenantId, amounts } of this.holdings.values()) {
      const tenant = totals.get(tenantId) ?? new Map<QuotaResource, number>();
      totals.set(tenantId, tenant);
      for (const [resource, amount] of amounts) tenant.set(resource, (tenant.get(resource) ?? 0) + amount);
    }
    return totals;
  }

  /** A holder acquires each resource once; a resource it already holds is not counted again. */
  private acquire(holder: string, tenantId: string, amounts: Partial<Record<QuotaResource, number>>): void {
    const holding = this.holdings.get(holder) ?? { tenantId, amounts: new Map<QuotaResource, number>() };
    for (const [resource, amount] of Object.entries(amounts) as [QuotaResource, number][]) {
      if (!holding.amounts.has(resource)) holding.amounts.set(resource, amount);
    }
    this.holdings.set(holder, holding);
    const stream = streamOf(holder);
    const holders = this.byStream.get(stream) ?? new Set<string>();
    holders.add(holder);
    this.byStream.set(stream, holders);
  }

  private release(holder: string, withParts: boolean): void {
    const holders = this.byStream.get(streamOf(holder));
    for (const h of holders ? [...holders] : []) {
      if (h === holder || (withParts && isHolderOrPart(h, holder))) {
        this.holdings.delete(h);
        holders!.delete(h);
      }
    }
  }
}

function streamOf(holder: string): string {
  const slash = holder.indexOf('/');
  return slash === -1 ? holder : holder.slice(0, slash);
}
