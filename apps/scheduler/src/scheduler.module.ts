// Root module of the scheduler (nova-scheduler + placement): host states, filters and weighers,
// resource claims.

import { Module } from '@nestjs/common';
import { PlatformModule } from '@app/platform';
import { schedulerMigrations } from './migrations/scheduler.migrations';

@Module({
  imports: [PlatformModule.forApp({ name: 'scheduler', migrations: schedulerMigrations })],
})
export class SchedulerModule {}
