// Runs the usage consumers in this replica: started once the app is up, stopped and drained
// before NATS and Postgres close (libs/platform README, "Stop: the order of the hooks").

import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { type EventConsumer, PostgresEventStore, type SqlDb, ensureEventsStream } from '@app/event-store';
import { APP_DB, NATS_CONNECTION, PINO_LOGGER, PlatformConfig, type NatsConnection, type PinoLogger } from '@app/platform';
import { UsageApplier } from './usage-applier';
import { usageConsumers } from './usage-consumers';

@Injectable()
export class UsageConsumersService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumers: EventConsumer[] = [];

  constructor(
    @Inject(APP_DB) private readonly db: SqlDb,
    private readonly store: PostgresEventStore,
    private readonly config: PlatformConfig,
    private readonly applier: UsageApplier,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(PINO_LOGGER) private readonly pino: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    await ensureEventsStream(jsm, this.config.natsNamespace);
    const log = this.pino.child({ component: 'usage-consumers' });
    this.consumers = usageConsumers({
      js: jetstream(this.nc), jsm, namespace: this.config.natsNamespace, db: this.db, schema: this.config.appSchema, store: this.store, applier: this.applier,
      logger: { log: (m) => log.info(m), warn: (m) => log.warn(m) },
    });
    await Promise.all(this.consumers.map((c) => c.start()));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
  }
}
