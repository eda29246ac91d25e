// Projections an app runs live: each a durable consumer named after the projection, started
// through AppConsumers once the app is up (and stopped by it before NATS and Postgres close),
// plus `catchUp` for read-your-writes: a writer brings one stream of a projection up to date
// inside its own append's transaction, through the consumer's bookkeeping (libs/event-store
// stream-catch-up.ts).
//
//   providers: [liveProjections([instanceActionProjection])]   // then inject LiveProjections

import { Inject, Injectable, type OnApplicationBootstrap, type Provider } from '@nestjs/common';
import { PostgresEventStore, type Projection, type SqlTx, catchUpStream, projectionConsumerSpec } from '@app/event-store';
import { PlatformConfig } from '../config/platform-config';
import { AppConsumers } from './app-consumers';

const LIVE_PROJECTIONS = Symbol('LIVE_PROJECTIONS');

export interface LiveProjectionOptions {
  /** Events applied at once (default 16); one stream's events still apply in order. */
  concurrency?: number;
}

@Injectable()
export class LiveProjections implements OnApplicationBootstrap {
  constructor(
    @Inject(LIVE_PROJECTIONS) private readonly setup: { projections: readonly Projection[]; options: LiveProjectionOptions },
    private readonly consumers: AppConsumers,
    private readonly store: PostgresEventStore,
    private readonly config: PlatformConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const concurrency = this.setup.options.concurrency ?? 16;
    await Promise.all(this.setup.projections.map((p) => this.consumers.start({ ...projectionConsumerSpec(p, this.config.appSchema), concurrency })));
  }

  /** Applies, in `tx`, every event of `stream` the projection `name` lacks (call after appending in `tx`). */
  async catchUp(name: string, tx: SqlTx, stream: string): Promise<void> {
    const projection = this.setup.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`no live projection named '${name}'`);
    const schema = this.config.appSchema;
    await catchUpStream(tx, { consumer: projection.name, schema, store: this.store, handle: (event, t) => projection.apply(t, schema, event) }, stream);
  }
}

export function liveProjections(projections: readonly Projection[], options: LiveProjectionOptions = {}): Provider[] {
  return [{ provide: LIVE_PROJECTIONS, useValue: { projections, options } }, LiveProjections];
}
