// The quota app's own metrics on /metrics: requests by pattern and outcome, reservations the
// sweeper released. Per replica (label `app`, and each process serves its own).

import type { FactoryProvider } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '@app/platform';

export const QUOTA_METRICS = Symbol('QUOTA_METRICS');

export interface QuotaMetrics {
  requests: Counter<'pattern' | 'outcome'>;
  expired: Counter;
}

export const quotaMetricsProvider: FactoryProvider<QuotaMetrics> = {
  provide: QUOTA_METRICS,
  inject: [METRICS_REGISTRY],
  useFactory: (registry: Registry) => ({
    requests: new Counter({ name: 'nova_quota_requests_total', help: 'Quota requests answered, by pattern and outcome (ok or the error code)', labelNames: ['pattern', 'outcome'], registers: [registry] }),
    expired: new Counter({ name: 'nova_quota_reservations_expired_total', help: 'Reservations this replica released because they expired', registers: [registry] }),
  }),
};
