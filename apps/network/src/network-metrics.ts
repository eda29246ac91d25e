// The network app's own metrics on /metrics: requests by pattern and outcome (ok or the error
// code). Per replica (label `app`, and each process serves its own).

import type { FactoryProvider } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '@app/platform';

export const NETWORK_METRICS = Symbol('NETWORK_METRICS');

export interface NetworkMetrics {
  requests: Counter<'pattern' | 'outcome'>;
}

export const networkMetricsProvider: FactoryProvider<NetworkMetrics> = {
  provide: NETWORK_METRICS,
  inject: [METRICS_REGISTRY],
  useFactory: (registry: Registry) => ({
    requests: new Counter({
      name: 'nova_network_requests_total', help: 'Network requests answered, by pattern and outcome (ok or the error code)', labelNames: ['pattern', 'outcome'], registers: [registry],
    }),
  }),
};
