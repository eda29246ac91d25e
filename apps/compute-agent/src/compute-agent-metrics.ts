// The compute agent's own metrics on /metrics: builds by outcome, how long each step took,
// failures by step, actions by kind and outcome, hosts up and down, and the tasks in flight.

import type { FactoryProvider } from '@nestjs/common';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '@app/platform';

export const COMPUTE_METRICS = Symbol('COMPUTE_METRICS');

export interface ComputeMetrics {
  builds: Counter<'outcome'>;
  stepSeconds: Histogram<'step'>;
  stepFailures: Counter<'step' | 'reason'>;
  actions: Counter<'kind' | 'outcome'>;
  hosts: Gauge<'state'>;
  tasksInFlight: Gauge;
  tasksQueued: Gauge;
}

export function createComputeMetrics(registry: Registry): ComputeMetrics {
  const registers = [registry];
  return {
    builds: new Counter({ name: 'nova_compute_builds_total', help: 'Builds this agent finished, by outcome (active, error, deleted)', labelNames: ['outcome'], registers }),
    stepSeconds: new Histogram({
      name: 'nova_compute_step_duration_seconds',
      help: 'How long each step took, from its start to its last event (networking, block_device_mapping, spawning, reboot, rebuild, snapshot, delete)',
      labelNames: ['step'],
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13],
      registers,
    }),
    stepFailures: new Counter({ name: 'nova_compute_step_failures_total', help: 'Steps that failed, by step and reason (injected, pool_exhausted, network, host_down)', labelNames: ['step', 'reason'], registers }),
    actions: new Counter({ name: 'nova_compute_actions_total', help: 'Reboots, rebuilds, snapshots and deletes finished, by outcome', labelNames: ['kind', 'outcome'], registers }),
    hosts: new Gauge({ name: 'nova_compute_hosts', help: 'Simulated hosts, by state (up, down)', labelNames: ['state'], registers }),
    tasksInFlight: new Gauge({ name: 'nova_compute_tasks_in_flight', help: 'Tasks running now', registers }),
    tasksQueued: new Gauge({ name: 'nova_compute_tasks_queued', help: 'Tasks waiting for a slot, for their host or for an earlier task of their server', registers }),
  };
}

export const computeMetricsProvider: FactoryProvider<ComputeMetrics> = {
  provide: COMPUTE_METRICS,
  inject: [METRICS_REGISTRY],
  useFactory: (registry: Registry) => createComputeMetrics(registry),
};
