// Releases reservations that were neither committed nor rolled back in time (Nova's
// QUOTAS.expire, run by a periodic task). Every replica sweeps: each expiry is its own
// transaction that locks the tenant's usage rows and then re-reads the reservation's state,
// so when two replicas pick the same one, the second finds it settled and does nothing.
// Also deletes finished reservations past their retention.

import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type SqlDb } from '@app/event-store';
import { APP_DB } from '@app/platform';
import { QuotaConfig } from '../config/quota-config';
import { QUOTA_METRICS, type QuotaMetrics } from '../quota-metrics';
import { ReservationHandler } from './reservation.handler';
import { ReservationsRepository } from './reservations.repository';

/** Expired reservations released per round at most; the next round takes the rest. */
const BATCH = 200;

@Injectable()
export class ReservationSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReservationSweeper.name);
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private stopped = false;

  constructor(
    @Inject(APP_DB) private readonly db: SqlDb,
    private readonly reservations: ReservationsRepository,
    private readonly handler: ReservationHandler,
    private readonly config: QuotaConfig,
    @Inject(QUOTA_METRICS) private readonly metrics: QuotaMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  /** One round: release what has expired, purge what is long finished; returns how many it released. */
  async sweep(): Promise<number> {
    let released = 0;
    for (const { reservationId } of await this.reservations.expired(this.db, BATCH)) {
      if (this.stopped) break;
      if (await this.handler.expire(reservationId)) released++;
    }
    this.metrics.expired.inc(released);
    await this.reservations.purge(this.db);
    return released;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.sweep()
        .then((released) => {
          if (released > 0) this.logger.log(`released ${released} expired reservation(s)`);
        })
        .catch((error: unknown) => this.logger.warn(`sweep failed: ${(error as Error).message}`))
        .finally(() => this.schedule());
    }, this.config.sweepIntervalMs);
  }
}
