// Requests to the quota app over NATS request/reply (Nest @MessagePattern), and their answers.
// An answer is `{ ok: true, value }` or `{ ok: false, error }`, so that a refusal travels as
// data and the client can throw the typed error below.

import type { QuotaDeltas, QuotaLimits, QuotaResource } from './quota-resources';

export const QuotaPatterns = {
  Reserve: 'quota.reserve',
  Commit: 'quota.commit',
  Rollback: 'quota.rollback',
  CountFit: 'quota.count-fit',
  Limits: 'quota.limits',
  Defaults: 'quota.defaults',
  UpdateLimits: 'quota.update-limits',
} as const;

export interface ReserveRequest {
  tenantId: string;
  deltas: QuotaDeltas;
  correlationId: string;
}
export interface ReserveAnswer {
  reservationId: string;
  expiresAt: string;
}

export interface ReservationRequest {
  reservationId: string;
  correlationId: string;
}

/** How many instances of one flavor fit, for multi-create (spec 4.4.5.2). */
export interface CountFitRequest {
  tenantId: string;
  perInstance: { cores: number; ram: number };
  maxCount: number;
}
export interface CountFitAnswer {
  fits: number;
  /** The resource that stopped more from fitting, when fewer than maxCount fit. */
  limitedBy?: QuotaResource;
}

export interface LimitsRequest {
  tenantId: string;
}
export interface LimitsAnswer {
  limits: QuotaLimits;
  /** Committed usage plus open reservations, per counted resource. */
  inUse: Partial<Record<QuotaResource, number>>;
  reserved: Partial<Record<QuotaResource, number>>;
}

export interface UpdateLimitsRequest {
  tenantId: string;
  limits: Partial<QuotaLimits>;
  correlationId: string;
  /** The admin user making the change, for the event's metadata. */
  userId: string;
}

export type QuotaErrorBody =
  | { code: 'OVER_LIMIT'; resource: QuotaResource; limit: number; used: number; requested: number }
  | { code: 'RESERVATION_NOT_FOUND'; reservationId: string }
  | { code: 'INVALID_REQUEST'; message: string }
  /** The quota app failed while handling the request (its database is down, ...). */
  | { code: 'UNAVAILABLE'; message: string };

export type QuotaAnswer<T> = { ok: true; value: T } | { ok: false; error: QuotaErrorBody };
