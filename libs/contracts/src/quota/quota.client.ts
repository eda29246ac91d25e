// The typed client every app uses to talk to the quota app: no caller builds a subject or a
// payload by hand. It takes the transport as a function (in an app, Nest's ClientProxy.send
// with a timeout), so the contract stays free of Nest and NATS.

import { InvalidQuotaRequestError, QuotaExceededError, QuotaUnavailableError, ReservationNotFoundError } from './quota.errors';
import {
  type CountFitAnswer, type CountFitRequest, type LimitsAnswer, type LimitsRequest, type QuotaAnswer, type QuotaErrorBody, QuotaPatterns,
  type ReservationRequest, type ReserveAnswer, type ReserveRequest, type UpdateLimitsRequest,
} from './quota.messages';
import type { QuotaLimits } from './quota-resources';

export type QuotaTransport = <T>(pattern: string, data: unknown) => Promise<QuotaAnswer<T>>;

function raise(error: QuotaErrorBody): never {
  switch (error.code) {
    case 'OVER_LIMIT':
      throw new QuotaExceededError(error.resource, error.limit, error.used, error.requested);
    case 'RESERVATION_NOT_FOUND':
      throw new ReservationNotFoundError(error.reservationId);
    case 'INVALID_REQUEST':
      throw new InvalidQuotaRequestError(error.message);
    case 'UNAVAILABLE':
      throw new QuotaUnavailableError(error.message);
    default: {
      const _exhaustive: never = error;
      throw new Error(`unknown quota error ${JSON.stringify(_exhaustive)}`);
    }
  }
}

export class QuotaClient {
  constructor(private readonly send: QuotaTransport) {}

  private async call<T>(pattern: string, data: unknown): Promise<T> {
    const answer = await this.send<T>(pattern, data);
    if (!answer.ok) raise(answer.error);
    return answer.value;
  }

  /** Reserves `deltas` for the tenant; throws QuotaExceededError naming the first resource that does not fit. */
  reserve(request: ReserveRequest): Promise<ReserveAnswer> {
    return this.call(QuotaPatterns.Reserve, request);
  }

  commit(request: ReservationRequest): Promise<void> {
    return this.call(QuotaPatterns.Commit, request);
  }

  rollback(request: ReservationRequest): Promise<void> {
    return this.call(QuotaPatterns.Rollback, request);
  }

  countFit(request: CountFitRequest): Promise<CountFitAnswer> {
    return this.call(QuotaPatterns.CountFit, request);
  }

  limits(request: LimitsRequest): Promise<LimitsAnswer> {
    return this.call(QuotaPatterns.Limits, request);
  }

  defaults(): Promise<QuotaLimits> {
    return this.call(QuotaPatterns.Defaults, {});
  }

  updateLimits(request: UpdateLimitsRequest): Promise<QuotaLimits> {
    return this.call(QuotaPatterns.UpdateLimits, request);
  }
}
