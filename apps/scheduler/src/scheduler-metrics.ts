// The scheduler's own metrics on /metrics: decisions by outcome, how long they take (the whole
// decision with its claim and append, and the in-memory filtering and weighing alone), and the
// hosts this replica sees up, down and disabled. Per replica (each process serves its own).

import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type DecisionOutcome = 'scheduled' | 'no_valid_host' | 'refused';

export interface SchedulerMetrics {
  decisions: Counter<'outcome'>;
  decisionSeconds: Histogram;
  selectSeconds: Histogram;
  claimConflicts: Counter;
}

export function createSchedulerMetrics(registry: Registry, hostCounts: () => { up: number; down: number; disabled: number }): SchedulerMetrics {
  const registers = [registry];
  new Gauge({
    name: 'nova_scheduler_hosts',
    help: 'Compute hosts this replica knows, by state (up, down, disabled)',
    labelNames: ['state'],
    registers,
    collect() {
      const counts = hostCounts();
      for (const state of ['up', 'down', 'disabled'] as const) this.set({ state }, counts[state]);
    },
  });
  return {
    decisions: new Counter({ name: 'nova_scheduler_decisions_total', help: 'Create requests decided, by outcome (scheduled, no_valid_host, refused: the server was gone)', labelNames: ['outcome'], registers }),
    decisionSeconds: new Histogram({
      name: 'nova_scheduler_decision_seconds',
      help: 'One decision: filters, weighers, claim and append, in the consumer transaction',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    selectSeconds: new Histogram({
      name: 'nova_scheduler_select_seconds',
      help: 'Filtering and weighing the in-memory host states for one attempt',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05],
      registers,
    }),
    claimConflicts: new Counter({ name: 'nova_scheduler_claim_conflicts_total', help: 'Claims refused by the database because a concurrent claim took the room first', registers }),
  };
}
