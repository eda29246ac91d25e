// The durable consumers an app runs, in one place: `start(spec)` builds an EventConsumer on the
// app's database, schema, log, NATS connection and namespace (the JetStream stream ensured
// once), with a logger named after it, and starts it; all are stopped and drained before NATS
// and Postgres close. Apps and the platform's LiveProjections call it instead of repeating that
// wiring.
//
//   constructor(private readonly consumers: AppConsumers) {}
//   onApplicationBootstrap() { return this.consumers.start({ name: 'image-snapshots', category: 'server', handle }); }

import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { EventConsumer, type EventConsumerOptions, PostgresEventStore, type SqlDb, ensureEventsStream } from '@app/event-store';
import { PlatformConfig } from '../config/platform-config';
import type { PinoLogger } from '../logging/create-pino-logger';
import { NATS_CONNECTION, PINO_LOGGER } from '../platform.constants';
import { APP_DB } from './event-store.tokens';

/** What differs from one consumer to the next; the app supplies the rest. */
export type ConsumerSpec = Omit<EventConsumerOptions, 'js' | 'jsm' | 'namespace' | 'db' | 'schema' | 'store' | 'logger'>;

@Injectable()
export class AppConsumers implements BeforeApplicationShutdown {
  private readonly running: EventConsumer[] = [];
  private stream?: Promise<void>;

  constructor(
    @Inject(APP_DB) private readonly db: SqlDb,
    private readonly store: PostgresEventStore,
    private readonly config: PlatformConfig,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(PINO_LOGGER) private readonly pino: PinoLogger,
  ) {}

  async start(spec: ConsumerSpec): Promise<EventConsumer> {
    const jsm = await jetstreamManager(this.nc);
    this.stream ??= ensureEventsStream(jsm, this.config.natsNamespace).then(() => undefined);
    await this.stream;
    const log = this.pino.child({ component: `consumer:${spec.name}` });
    const consumer = new EventConsumer({
      ...spec,
      js: jetstream(this.nc),
      jsm,
      namespace: this.config.natsNamespace,
      db: this.db,
      schema: this.config.appSchema,
      store: this.store,
      logger: { log: (m) => log.info(m), warn: (m) => log.warn(m) },
    });
    await consumer.start();
    this.running.push(consumer);
    return consumer;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.running.splice(0).map((c) => c.stop()));
  }
}
