// Root module of the quota service (nova quotas): per-tenant limits, usage and reservations.

import { Module } from '@nestjs/common';
import { PlatformModule } from '@app/platform';
import { quotaMigrations } from './migrations/quota.migrations';

@Module({
  imports: [PlatformModule.forApp({ name: 'quota', migrations: quotaMigrations })],
})
export class QuotaModule {}
