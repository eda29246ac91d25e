// Whether a reservation fits: Nova's quota_reserve check as a pure function. For each counted
// resource asked for, the limit must hold what is used (committed usage plus open
// reservations) plus what is asked; unlimited (-1) always holds. The first resource that
// does not fit, in COUNTED_RESOURCES order, is the refusal. Nova: nova/db/sqlalchemy/api.py
// quota_reserve ("overs").

import { COUNTED_RESOURCES, InvalidQuotaRequestError, QuotaExceededError, type QuotaDeltas, type QuotaLimits, type QuotaResource } from '@app/contracts';
import { isCountedResource, UNLIMITED } from './quota-limits';

/** One resource's usage row: what is committed and what open reservations hold. */
export interface ResourceUsage {
  inUse: number;
  reserved: number;
}

export type TenantUsage = Partial<Record<QuotaResource, ResourceUsage>>;

/** Committed usage plus open reservations: what a new reservation must fit beside. */
export function usedOf(usage: TenantUsage, resource: QuotaResource): number {
  const row = usage[resource];
  return row ? row.inUse + row.reserved : 0;
}

/**
 * The deltas of a reserve request, checked: counted resources only, each a whole number of 0
 * or more, at least one above 0. Zeros are dropped. Throws InvalidQuotaRequestError.
 */
export function reservationDeltas(deltas: unknown): QuotaDeltas {
  if (typeof deltas !== 'object' || deltas === null || Array.isArray(deltas)) {
    throw new InvalidQuotaRequestError(`deltas must be an object of resource: amount, got ${JSON.stringify(deltas)}`);
  }
  const checked: QuotaDeltas = {};
  for (const [resource, amount] of Object.entries(deltas)) {
    if (!isCountedResource(resource)) {
      throw new InvalidQuotaRequestError(`'${resource}' cannot be reserved; counted resources are ${COUNTED_RESOURCES.join(', ')}`);
    }
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 0) {
      throw new InvalidQuotaRequestError(`${resource} must be reserved as an integer >= 0, got ${JSON.stringify(amount)}`);
    }
    if (amount > 0) checked[resource as QuotaResource] = amount;
  }
  if (Object.keys(checked).length === 0) throw new InvalidQuotaRequestError('a reservation must ask for at least one resource');
  return checked;
}

/** Throws QuotaExceededError naming the first resource that does not fit. */
export function checkReservation(limits: QuotaLimits, usage: TenantUsage, deltas: QuotaDeltas): void {
  for (const resource of COUNTED_RESOURCES) {
    const requested = deltas[resource] ?? 0;
    if (requested <= 0) continue;
    const limit = limits[resource];
    if (limit === UNLIMITED) continue;
    const used = usedOf(usage, resource);
    if (used + requested > limit) throw new QuotaExceededError(resource, limit, used, requested);
  }
}
