// GET /limits and the rate limiting behind it.

import { Module } from '@nestjs/common';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { LimitsController } from './limits.controller';

@Module({
  imports: [RateLimitModule],
  controllers: [LimitsController],
})
export class LimitsModule {}
