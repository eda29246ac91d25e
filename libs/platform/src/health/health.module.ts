// The probes and metrics every app serves: /healthz, /readyz and /metrics.

import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { ReadinessService } from './readiness.service';

@Module({
  controllers: [HealthController, MetricsController],
  providers: [ReadinessService],
  exports: [ReadinessService],
})
export class HealthModule {}
