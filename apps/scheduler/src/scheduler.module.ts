// Root module of the scheduler (nova-scheduler + placement): host states, filters and weighers,
// resource claims. The model is plain TypeScript (scheduler-instance.ts); this module gives it
// the platform's database, log, NATS and metrics registry, and the validated configuration.

import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@app/platform';
import { SchedulerConfig } from './config/scheduler-config';
import { schedulerMigrations } from './migrations/scheduler.migrations';
import { SchedulerService } from './scheduler.service';

@Module({})
export class SchedulerModule {
  /** The module for a validated configuration (main.ts loads it before anything starts). */
  static with(config: SchedulerConfig): DynamicModule {
    return {
      module: SchedulerModule,
      imports: [PlatformModule.forApp({ name: 'scheduler', migrations: schedulerMigrations })],
      providers: [{ provide: SchedulerConfig, useValue: config }, SchedulerService],
    };
  }
}
