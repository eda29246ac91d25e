// The behaviours on /metrics, in every app: how many are in force here, by kind (as this app's
// registry sees them), and how often this app applied one, by the kind of what it did (a
// sequence's member counts as its own kind): a build step failed or delayed, a scheduling
// failed or delayed, a consumer's message dropped, delayed or duplicated, ...

import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { BehaviourKind } from '@app/contracts';
import { METRICS_REGISTRY } from '../platform.constants';
import { BehaviourRegistry } from './behaviour-registry';

@Injectable()
export class BehaviourMetrics {
  private readonly appliedTotal: Counter<'kind'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry, behaviours: BehaviourRegistry) {
    this.appliedTotal = new Counter({
      name: 'nova_behaviours_applied_total',
      help: 'Behaviours this app applied (a step failed or delayed, a message dropped ...), by kind',
      labelNames: ['kind'],
      registers: [registry],
    });
    new Gauge({
      name: 'nova_behaviours_active',
      help: 'Behaviours in force as this app sees them, by kind',
      labelNames: ['kind'],
      registers: [registry],
      collect() {
        this.reset();
        for (const b of behaviours.active()) this.inc({ kind: b.action.kind });
      },
    });
  }

  /** Counts one application of a behaviour of `kind`. */
  applied(kind: BehaviourKind): void {
    this.appliedTotal.inc({ kind });
  }
}
