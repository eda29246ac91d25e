// The tenant_limits read model: the limits admins set, one row per tenant and resource, written
// from QuotaLimitsSet in the same transaction as its append and rebuilt from the log by
// replayProjection (rows keyed by event data only).

import type { RecordedEvent } from '@app/contracts';
import type { Projection, SqlTx } from '@app/event-store';
import { QuotaEventType, type QuotaEvent } from '@app/domain/quota/quota-limits.events';

export const TENANT_LIMITS_TABLE = 'tenant_limits';

export const tenantLimitsProjection: Projection = {
  name: 'quota-tenant-limits',
  tables: [TENANT_LIMITS_TABLE],
  category: 'quota',
  async apply(tx: SqlTx, schema: string, recorded: RecordedEvent): Promise<void> {
    const event = recorded as unknown as QuotaEvent;
    switch (event.type) {
      case QuotaEventType.LimitsSet: {
        const entries = Object.entries(event.data.limits);
        await tx.query(
          `INSERT INTO "${schema}".${TENANT_LIMITS_TABLE} (tenant_id, resource, hard_limit)
           SELECT $1, l.resource, l.hard_limit FROM unnest($2::text[], $3::int[]) AS l(resource, hard_limit)
           ON CONFLICT (tenant_id, resource) DO UPDATE SET hard_limit = EXCLUDED.hard_limit`,
          [event.data.tenantId, entries.map(([resource]) => resource), entries.map(([, limit]) => limit)],
        );
        return;
      }
      default:
        // Another quota event type, from a newer version of the app: nothing to show here.
        return;
    }
  },
};
