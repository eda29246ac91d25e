// Rate limiting: the table of limits (RATE_LIMITS, checked at start), the shared counters in
// Postgres and the interceptor that applies them to every tenant request. Exports the table and
// the store for GET /limits.

import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { RateLimitTable, loadRateLimits } from './rate-limit-table';
import { RateLimitInterceptor } from './rate-limit.interceptor';
import { RateLimitStore } from './rate-limit.store';

@Module({
  providers: [
    { provide: RateLimitTable, useFactory: () => loadRateLimits(process.env) },
    RateLimitStore,
    { provide: APP_INTERCEPTOR, useClass: RateLimitInterceptor },
  ],
  exports: [RateLimitTable, RateLimitStore],
})
export class RateLimitModule {}
