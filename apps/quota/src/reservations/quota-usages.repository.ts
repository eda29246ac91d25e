// The quota_usages rows: per tenant and counted resource, what is in use and what open
// reservations hold. Every change of a tenant's usage starts by locking all its rows with
// SELECT ... FOR UPDATE in one fixed order (resource name), as Nova's quota_reserve did: two
// transactions for one tenant then run one after the other and can never deadlock, whichever
// replica runs them. Nova: nova/db/sqlalchemy/api.py quota_reserve, _get_quota_usages.

import { COUNTED_RESOURCES, type QuotaResource } from '@app/contracts';
import type { SqlTx } from '@app/event-store';
import type { ResourceUsage, TenantUsage } from '@app/domain/quota/quota-check';

/** The fixed order rows are created and locked in. */
const LOCK_ORDER = [...COUNTED_RESOURCES].sort();

/** A change to one resource's row: added to in_use and to reserved (either may be negative). */
export type UsageChange = Partial<Record<QuotaResource, ResourceUsage>>;

interface UsageRow {
  resource: QuotaResource;
  in_use: number;
  reserved: number;
}

function toUsage(rows: UsageRow[]): TenantUsage {
  const usage: TenantUsage = {};
  for (const row of rows) usage[row.resource] = { inUse: row.in_use, reserved: row.reserved };
  return usage;
}

export class QuotaUsagesRepository {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `"${schema}".quota_usages`;
  }

  /** Locks the tenant's rows until the transaction ends (creating any that are missing) and returns them. */
  async lock(tx: SqlTx, tenantId: string): Promise<TenantUsage> {
    const select = `SELECT resource, in_use, reserved FROM ${this.table} WHERE tenant_id = $1 ORDER BY resource COLLATE "C" FOR UPDATE`;
    let { rows } = await tx.query<UsageRow>(select, [tenantId]);
    if (rows.length < LOCK_ORDER.length) {
      await tx.query(
        `INSERT INTO ${this.table} (tenant_id, resource) SELECT $1, r FROM unnest($2::text[]) WITH ORDINALITY AS u(r, n) ORDER BY n ON CONFLICT DO NOTHING`,
        [tenantId, LOCK_ORDER],
      );
      ({ rows } = await tx.query<UsageRow>(select, [tenantId]));
    }
    return toUsage(rows);
  }

  /** Adds `change` to the tenant's rows, which the caller has locked. */
  async add(tx: SqlTx, tenantId: string, change: UsageChange): Promise<void> {
    const entries = Object.entries(change).filter(([, c]) => c.inUse !== 0 || c.reserved !== 0) as [QuotaResource, ResourceUsage][];
    if (entries.length === 0) return;
    await tx.query(
      `UPDATE ${this.table} u SET in_use = u.in_use + c.in_use, reserved = u.reserved + c.reserved
         FROM unnest($2::text[], $3::int[], $4::int[]) AS c(resource, in_use, reserved)
        WHERE u.tenant_id = $1 AND u.resource = c.resource`,
      [tenantId, entries.map(([r]) => r), entries.map(([, c]) => c.inUse), entries.map(([, c]) => c.reserved)],
    );
  }

  /** The tenant's rows as they are now, without locking (for answers that reserve nothing). */
  async read(q: SqlTx, tenantId: string): Promise<TenantUsage> {
    const { rows } = await q.query<UsageRow>(`SELECT resource, in_use, reserved FROM ${this.table} WHERE tenant_id = $1`, [tenantId]);
    return toUsage(rows);
  }
}
