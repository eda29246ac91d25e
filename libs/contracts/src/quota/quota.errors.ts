// The typed refusals a quota client throws.

import type { QuotaResource } from './quota-resources';

/** The request would take `resource` past the tenant's limit. */
export class QuotaExceededError extends Error {
  readonly code = 'OVER_LIMIT';
  constructor(
    readonly resource: QuotaResource,
    readonly limit: number,
    readonly used: number,
    readonly requested: number,
  ) {
    super(`Quota exceeded for ${resource}: requested ${requested}, but already used ${used} of ${limit}`);
    this.name = 'QuotaExceededError';
  }
}

/** The reservation is unknown: committed, rolled back or expired already. */
export class ReservationNotFoundError extends Error {
  readonly code = 'RESERVATION_NOT_FOUND';
  constructor(readonly reservationId: string) {
    super(`Reservation ${reservationId} not found (committed, rolled back or expired)`);
    this.name = 'ReservationNotFoundError';
  }
}

/** The quota app refused the request as malformed. */
export class InvalidQuotaRequestError extends Error {
  readonly code = 'INVALID_REQUEST';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidQuotaRequestError';
  }
}

/**
 * The quota app could not answer: no replica listening, no answer in time, or a failure on
 * its side. Nothing is known to have been reserved; the caller should refuse the request
 * (503) rather than go on without quota.
 */
export class QuotaUnavailableError extends Error {
  readonly code = 'UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QuotaUnavailableError';
  }
}
