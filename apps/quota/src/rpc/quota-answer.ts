// The one place a quota outcome becomes an answer on the wire: a value is `{ ok: true }`, a
// refusal the typed error body the client turns back into the same error class, and anything
// unexpected UNAVAILABLE (and logged here), so no handler ever throws across NATS.

import { InvalidQuotaRequestError, type QuotaAnswer, type QuotaErrorBody, QuotaExceededError, ReservationNotFoundError } from '@app/contracts';
import { rpcAnswer } from '@app/platform';

/** The error body for a refusal, or undefined for an unexpected failure. */
export function errorBodyOf(error: unknown): QuotaErrorBody | undefined {
  if (error instanceof QuotaExceededError) {
    return { code: 'OVER_LIMIT', resource: error.resource, limit: error.limit, used: error.used, requested: error.requested };
  }
  if (error instanceof ReservationNotFoundError) return { code: 'RESERVATION_NOT_FOUND', reservationId: error.reservationId };
  if (error instanceof InvalidQuotaRequestError) return { code: 'INVALID_REQUEST', message: error.message };
  return undefined;
}

export function answer<T>(work: () => Promise<T> | T, onFailure: (error: unknown) => void): Promise<QuotaAnswer<T>> {
  return rpcAnswer('quota', work, errorBodyOf, onFailure) as Promise<QuotaAnswer<T>>;
}
