// Root module of the quota service (nova quotas): per-tenant limits, usage and reservations.
// The handlers are plain classes over the app's database; this module builds them for the
// app's schema and configuration, and adds the NATS controller, the usage consumers and the
// reservation sweeper.

import { type DynamicModule, Module } from '@nestjs/common';
import { PostgresEventStore, type SqlDb } from '@app/event-store';
import { APP_DB, PlatformConfig, PlatformModule, inlineProjections } from '@app/platform';
import { tenantLimitsProjection } from './limits/tenant-limits.projection';
import { QuotaConfig } from './config/quota-config';
import { EffectiveLimitsReader } from './limits/effective-limits.reader';
import { LimitsHandler } from './limits/limits.handler';
import { quotaMigrations } from './migrations/quota.migrations';
import { quotaMetricsProvider } from './quota-metrics';
import { QuotaUsagesRepository } from './reservations/quota-usages.repository';
import { ReservationHandler } from './reservations/reservation.handler';
import { ReservationSweeper } from './reservations/reservation-sweeper.service';
import { ReservationsRepository } from './reservations/reservations.repository';
import { QuotaController } from './rpc/quota.controller';
import { UsageApplier } from './usage/usage-applier';
import { UsageConsumersService } from './usage/usage-consumers.service';
import { UsageHoldingsRepository } from './usage/usage-holdings.repository';

const schemaOf = (config: PlatformConfig) => config.appSchema;

@Module({})
export class QuotaModule {
  /** The module for a validated configuration (main.ts loads it before anything starts). */
  static with(quotaConfig: QuotaConfig): DynamicModule {
    return {
      module: QuotaModule,
      imports: [PlatformModule.forApp({ name: 'quota', migrations: quotaMigrations })],
      controllers: [QuotaController],
      providers: [
        { provide: QuotaConfig, useValue: quotaConfig },
        quotaMetricsProvider,
        { provide: QuotaUsagesRepository, inject: [PlatformConfig], useFactory: (c: PlatformConfig) => new QuotaUsagesRepository(schemaOf(c)) },
        { provide: ReservationsRepository, inject: [PlatformConfig], useFactory: (c: PlatformConfig) => new ReservationsRepository(schemaOf(c)) },
        { provide: UsageHoldingsRepository, inject: [PlatformConfig], useFactory: (c: PlatformConfig) => new UsageHoldingsRepository(schemaOf(c)) },
        {
          provide: EffectiveLimitsReader,
          inject: [PlatformConfig],
          useFactory: (c: PlatformConfig) => new EffectiveLimitsReader(schemaOf(c), quotaConfig.tenantLimits),
        },
        {
          provide: ReservationHandler,
          inject: [APP_DB, EffectiveLimitsReader, QuotaUsagesRepository, ReservationsRepository],
          useFactory: (db: SqlDb, limits: EffectiveLimitsReader, usages: QuotaUsagesRepository, reservations: ReservationsRepository) =>
            new ReservationHandler(db, limits, usages, reservations, quotaConfig.reservationTtlSeconds),
        },
        {
          provide: LimitsHandler,
          inject: [APP_DB, PostgresEventStore, PlatformConfig, EffectiveLimitsReader, QuotaUsagesRepository],
          useFactory: (db: SqlDb, store: PostgresEventStore, c: PlatformConfig, limits: EffectiveLimitsReader, usages: QuotaUsagesRepository) =>
            new LimitsHandler(db, store, schemaOf(c), limits, usages),
        },
        {
          provide: UsageApplier,
          inject: [QuotaUsagesRepository, UsageHoldingsRepository, ReservationsRepository],
          useFactory: (usages: QuotaUsagesRepository, holdings: UsageHoldingsRepository, reservations: ReservationsRepository) =>
            new UsageApplier(usages, holdings, reservations),
        },
        ...inlineProjections([tenantLimitsProjection]),
        UsageConsumersService,
        ReservationSweeper,
      ],
    };
  }
}
