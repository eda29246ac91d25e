// The shapes of the requests the quota app answers, checked as they arrive over NATS: a
// message that does not match its contract is INVALID_REQUEST naming the field, never a crash.
// What the values mean (which resources, which amounts) is checked by the domain.

import {
  type CountFitRequest, InvalidQuotaRequestError, type LimitsRequest, type QuotaLimits, type ReservationRequest, type ReserveRequest, type UpdateLimitsRequest,
} from '@app/contracts';

type Fields = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A tenant id is text of 1 to 255 characters, without control characters. */
const TENANT = /^[^\p{Cc}]{1,255}$/u;

function fields(data: unknown): Fields {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new InvalidQuotaRequestError(`the request must be an object, got ${JSON.stringify(data)}`);
  return data as Fields;
}

function text(data: Fields, field: string): string {
  const value = data[field];
  if (typeof value !== 'string') throw new InvalidQuotaRequestError(`${field} must be a string, got ${JSON.stringify(value)}`);
  return value;
}

function tenant(data: Fields): string {
  const value = text(data, 'tenantId');
  if (!TENANT.test(value)) throw new InvalidQuotaRequestError(`tenantId must be 1 to 255 characters without control characters, got ${JSON.stringify(value)}`);
  return value;
}

function integer(data: Fields, field: string, min: number, max: number): number {
  const value = data[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new InvalidQuotaRequestError(`${field} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function reserveRequest(data: unknown): ReserveRequest {
  const f = fields(data);
  return { tenantId: tenant(f), deltas: f.deltas as ReserveRequest['deltas'], correlationId: text(f, 'correlationId') };
}

export function reservationRequest(data: unknown): ReservationRequest {
  const f = fields(data);
  const reservationId = text(f, 'reservationId');
  if (!UUID.test(reservationId)) throw new InvalidQuotaRequestError(`reservationId must be a UUID, got ${JSON.stringify(reservationId)}`);
  return { reservationId, correlationId: text(f, 'correlationId') };
}

export function countFitRequest(data: unknown): CountFitRequest {
  const f = fields(data);
  const perInstance = fields(f.perInstance);
  return {
    tenantId: tenant(f),
    perInstance: { cores: integer(perInstance, 'cores', 0, 1_000_000), ram: integer(perInstance, 'ram', 0, 1_000_000_000) },
    maxCount: integer(f, 'maxCount', 1, 1_000_000),
  };
}

export function limitsRequest(data: unknown): LimitsRequest {
  return { tenantId: tenant(fields(data)) };
}

export function updateLimitsRequest(data: unknown): UpdateLimitsRequest {
  const f = fields(data);
  return { tenantId: tenant(f), limits: f.limits as Partial<QuotaLimits>, correlationId: text(f, 'correlationId'), userId: text(f, 'userId') };
}
