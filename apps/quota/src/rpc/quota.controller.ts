// The quota app's NATS request/reply handlers, one per pattern of the contract
// (libs/contracts quota.messages.ts): check the message, hand it to its handler, answer a
// QuotaAnswer. Requests from every replica's callers are shared among the quota replicas
// (NATS queue group `quota`).

import { Controller, Inject, Logger } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type CountFitAnswer, type LimitsAnswer, type QuotaAnswer, type QuotaLimits, QuotaPatterns, type ReserveAnswer,
} from '@app/contracts';
import { LimitsHandler } from '../limits/limits.handler';
import { ReservationHandler } from '../reservations/reservation.handler';
import { QUOTA_METRICS, type QuotaMetrics } from '../quota-metrics';
import { answer } from './quota-answer';
import { countFitRequest, limitsRequest, reservationRequest, reserveRequest, updateLimitsRequest } from './quota-requests';

@Controller()
export class QuotaController {
  private readonly logger = new Logger(QuotaController.name);

  constructor(
    private readonly reservations: ReservationHandler,
    private readonly limits: LimitsHandler,
    @Inject(QUOTA_METRICS) private readonly metrics: QuotaMetrics,
  ) {}

  @MessagePattern(QuotaPatterns.Reserve)
  reserve(@Payload() data: unknown): Promise<QuotaAnswer<ReserveAnswer>> {
    return this.answer(QuotaPatterns.Reserve, data, () => this.reservations.reserve(reserveRequest(data)));
  }

  @MessagePattern(QuotaPatterns.Commit)
  commit(@Payload() data: unknown): Promise<QuotaAnswer<void>> {
    return this.answer(QuotaPatterns.Commit, data, () => this.reservations.commit(reservationRequest(data)));
  }

  @MessagePattern(QuotaPatterns.Rollback)
  rollback(@Payload() data: unknown): Promise<QuotaAnswer<void>> {
    return this.answer(QuotaPatterns.Rollback, data, () => this.reservations.rollback(reservationRequest(data)));
  }

  @MessagePattern(QuotaPatterns.CountFit)
  countFit(@Payload() data: unknown): Promise<QuotaAnswer<CountFitAnswer>> {
    return this.answer(QuotaPatterns.CountFit, data, () => this.reservations.countFit(countFitRequest(data)));
  }

  @MessagePattern(QuotaPatterns.Limits)
  limitsOf(@Payload() data: unknown): Promise<QuotaAnswer<LimitsAnswer>> {
    return this.answer(QuotaPatterns.Limits, data, () => this.limits.limitsOf(limitsRequest(data)));
  }

  @MessagePattern(QuotaPatterns.Defaults)
  defaults(): Promise<QuotaAnswer<QuotaLimits>> {
    return this.answer(QuotaPatterns.Defaults, {}, () => this.limits.defaults());
  }

  @MessagePattern(QuotaPatterns.UpdateLimits)
  updateLimits(@Payload() data: unknown): Promise<QuotaAnswer<QuotaLimits>> {
    return this.answer(QuotaPatterns.UpdateLimits, data, () => this.limits.update(updateLimitsRequest(data)));
  }

  private async answer<T>(pattern: string, data: unknown, work: () => Promise<T> | T): Promise<QuotaAnswer<T>> {
    const result = await answer(work, (error) => {
      const correlationId = (data as { correlationId?: unknown } | null)?.correlationId;
      this.logger.error(`${pattern} failed (correlation id ${String(correlationId)}): ${(error as Error)?.stack ?? String(error)}`);
    });
    this.metrics.requests.inc({ pattern, outcome: result.ok ? 'ok' : result.error.code });
    return result;
  }
}
