// The usage_holdings rows: which holder (a server's stream, a floating IP's, a group's, a
// rule as `<group stream>/rule/<id>`) holds how much of which resource. A holder acquires a
// resource once and releases exactly what it holds, so replays and repeated events count once.

import type { QuotaDeltas, QuotaResource } from '@app/contracts';
import type { SqlTx } from '@app/event-store';

export interface Holding {
  resource: QuotaResource;
  amount: number;
}

export class UsageHoldingsRepository {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `"${schema}".usage_holdings`;
  }

  /** Records what the holder acquires; returns only what it did not hold already. */
  async acquire(tx: SqlTx, holder: string, tenantId: string, amounts: QuotaDeltas): Promise<Holding[]> {
    const entries = Object.entries(amounts) as [QuotaResource, number][];
    const { rows } = await tx.query<Holding>(
      `INSERT INTO ${this.table} (holder, resource, tenant_id, amount)
       SELECT $1, a.resource, $2, a.amount FROM unnest($3::text[], $4::int[]) AS a(resource, amount)
       ON CONFLICT (holder, resource) DO NOTHING
       RETURNING resource, amount`,
      [holder, tenantId, entries.map(([resource]) => resource), entries.map(([, amount]) => amount)],
    );
    return rows;
  }

  /** Deletes what the tenant's holder (and, `withParts`, its parts) holds; returns it. */
  async release(tx: SqlTx, holder: string, tenantId: string, withParts: boolean): Promise<Holding[]> {
    const { rows } = await tx.query<Holding>(
      `DELETE FROM ${this.table}
        WHERE tenant_id = $2 AND (holder = $1 OR ($3 AND starts_with(holder, $1 || '/')))
       RETURNING resource, amount`,
      [holder, tenantId, withParts],
    );
    return rows;
  }
}
