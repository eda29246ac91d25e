// A tenant's limits as they apply now: the defaults, then the operator's per-tenant
// configuration (QUOTA_LIMITS_FILE), then what admins set (tenant_limits). See docs/quota.md.

import type { QuotaLimits, QuotaResource } from '@app/contracts';
import type { SqlTx } from '@app/event-store';
import { DEFAULT_QUOTA_LIMITS, effectiveLimits } from '@app/domain/quota/quota-limits';
import type { TenantLimits } from '../config/tenant-limits-file';
import { TENANT_LIMITS_TABLE } from './tenant-limits.projection';

export class EffectiveLimitsReader {
  private readonly table: string;

  constructor(
    schema: string,
    private readonly configured: TenantLimits,
  ) {
    this.table = `"${schema}".${TENANT_LIMITS_TABLE}`;
  }

  async limitsOf(q: SqlTx, tenantId: string): Promise<QuotaLimits> {
    const { rows } = await q.query<{ resource: QuotaResource; hard_limit: number }>(`SELECT resource, hard_limit FROM ${this.table} WHERE tenant_id = $1`, [tenantId]);
    const set: Partial<QuotaLimits> = {};
    for (const row of rows) set[row.resource] = row.hard_limit;
    return effectiveLimits(DEFAULT_QUOTA_LIMITS, this.configured[tenantId] ?? {}, set);
  }
}
