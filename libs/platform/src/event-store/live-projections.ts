// Projections an app runs live: each a durable consumer named after the projection (started
// once the app is up, stopped and drained before NATS and Postgres close), plus `catchUp` for
// read-your-writes: a writer brings one stream of a projection up to date inside its own
// append's transaction, through the consumer's bookkeeping (libs/event-store stream-catch-up.ts).
//
//   providers: [liveProjections([instanceActionProjection])]   // then inject LiveProjections

import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap, type Provider } from '@nestjs/common';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { type EventConsumer, PostgresEventStore, type Projection, type SqlDb, type SqlTx, catchUpStream, ensureEventsStream, projectionConsumer } from '@app/event-store';
import { PlatformConfig } from '../config/platform-config';
import type { PinoLogger } from '../logging/create-pino-logger';
import { NATS_CONNECTION, PINO_LOGGER } from '../platform.constants';
import { APP_DB } from './event-store.tokens';

const LIVE_PROJECTIONS = Symbol('LIVE_PROJECTIONS');

export interface LiveProjectionOptions {
  /** Events applied at once (default 16); one stream's events still apply in order. */
  concurrency?: number;
}

@Injectable()
export class LiveProjections implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumers: EventConsumer[] = [];

  constructor(
    @Inject(LIVE_PROJECTIONS) private readonly setup: { projections: readonly Projection[]; options: LiveProjectionOptions },
    @Inject(APP_DB) private readonly db: SqlDb,
    private readonly store: PostgresEventStore,
    private readonly config: PlatformConfig,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(PINO_LOGGER) private readonly pino: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    await ensureEventsStream(jsm, this.config.natsNamespace);
    this.consumers = this.setup.projections.map((projection) => {
      const log = this.pino.child({ component: `projection:${projection.name}` });
      return projectionConsumer(projection, {
        js: jetstream(this.nc), jsm, namespace: this.config.natsNamespace, db: this.db, schema: this.config.appSchema, store: this.store,
        concurrency: this.setup.options.concurrency ?? 16,
        logger: { log: (m) => log.info(m), warn: (m) => log.warn(m) },
      });
    });
    await Promise.all(this.consumers.map((c) => c.start()));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
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
