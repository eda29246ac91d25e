// The shell around the limits decider: an admin's update is read stream, rebuild, decide, and
// append QuotaLimitsSet to `quota-<tenantId>` with the expected version, projecting it into
// tenant_limits in the same transaction; and the read side: a tenant's effective limits and
// usage, and the defaults. Nova: nova/api/openstack/compute/contrib/quotas.py, limits.py.

import { COUNTED_RESOURCES, NO_STREAM, type LimitsAnswer, type LimitsRequest, type QuotaLimits, type QuotaResource, type UpdateLimitsRequest, streamName } from '@app/contracts';
import { type PostgresEventStore, type SqlDb, WrongExpectedVersionError } from '@app/event-store';
import { decide, evolve, initialState } from '@app/domain/quota/quota-limits.decider';
import type { QuotaEvent } from '@app/domain/quota/quota-limits.events';
import { DEFAULT_QUOTA_LIMITS } from '@app/domain/quota/quota-limits';
import type { QuotaUsagesRepository } from '../reservations/quota-usages.repository';
import type { EffectiveLimitsReader } from './effective-limits.reader';
import { tenantLimitsProjection } from './tenant-limits.projection';

/** Attempts when another update of the same tenant appended meanwhile. */
const MAX_ATTEMPTS = 3;

export class LimitsHandler {
  constructor(
    private readonly db: SqlDb,
    private readonly store: PostgresEventStore,
    private readonly schema: string,
    private readonly limits: EffectiveLimitsReader,
    private readonly usages: QuotaUsagesRepository,
  ) {}

  defaults(): QuotaLimits {
    return { ...DEFAULT_QUOTA_LIMITS };
  }

  /** The tenant's limits, and per counted resource what is used (committed + reserved) and reserved. */
  async limitsOf({ tenantId }: LimitsRequest): Promise<LimitsAnswer> {
    const [limits, usage] = await Promise.all([this.limits.limitsOf(this.db, tenantId), this.usages.read(this.db, tenantId)]);
    const inUse: Partial<Record<QuotaResource, number>> = {};
    const reserved: Partial<Record<QuotaResource, number>> = {};
    for (const resource of COUNTED_RESOURCES) {
      const row = usage[resource] ?? { inUse: 0, reserved: 0 };
      inUse[resource] = row.inUse + row.reserved;
      reserved[resource] = row.reserved;
    }
    return { limits, inUse, reserved };
  }

  /** Sets some of the tenant's limits (an admin's os-quota-sets update); returns the effective limits. */
  async update(request: UpdateLimitsRequest): Promise<QuotaLimits> {
    const stream = streamName('quota', request.tenantId);
    for (let attempt = 1; ; attempt++) {
      // 1. Read the stream.
      const history = await this.store.readStream(stream);
      // 2. Rebuild the state.
      const state = history.map((e) => e as unknown as QuotaEvent).reduce(evolve, initialState());
      // 3. Decide (throws InvalidQuotaRequestError when refused).
      const events = decide({ type: 'SetQuotaLimits', tenantId: request.tenantId, limits: request.limits }, state);
      // 4. Append with the expected version, and project in the same transaction.
      const expected = history.length > 0 ? history[history.length - 1].streamVersion : NO_STREAM;
      const metadata = { correlationId: request.correlationId, tenantId: request.tenantId, producer: 'quota', userId: request.userId };
      try {
        return await this.db.transaction(async (tx) => {
          await this.store.append(stream, expected, events, metadata, tx);
          for (const recorded of await this.store.readStream(stream, expected + 1, events.length, tx)) {
            await tenantLimitsProjection.apply(tx, this.schema, recorded);
          }
          // 5. Answer with the limits that now apply.
          return this.limits.limitsOf(tx, request.tenantId);
        });
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
}
