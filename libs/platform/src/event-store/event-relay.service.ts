// Runs this app's candidate for relay leader (see libs/event-store/src/event-relay.ts): makes
// sure the JetStream stream exists, starts the relay woken by the append signal, exposes its
// state as metrics, and drains it before NATS and Postgres close.

import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { JetStreamManager } from '@nats-io/jetstream';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { Gauge, type Registry } from 'prom-client';
import { EventRelay, PostgresEventStore, ensureEventsStream, onAppendSignal } from '@app/event-store';
import { PlatformConfig } from '../config/platform-config';
import type { PinoLogger } from '../logging/create-pino-logger';
import { METRICS_REGISTRY, NATS_CONNECTION, PINO_LOGGER } from '../platform.constants';
import { EventStoreMetrics } from './event-store-metrics';

@Injectable()
export class EventRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private relay?: EventRelay;
  private wakeups?: Subscription;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly config: PlatformConfig,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(PINO_LOGGER) private readonly pino: PinoLogger,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    private readonly metrics: EventStoreMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const jsm: JetStreamManager = await jetstreamManager(this.nc);
    await ensureEventsStream(jsm, this.config.natsNamespace);
    const log = this.pino.child({ component: 'event-relay' });
    const relay = new EventRelay({
      store: this.store,
      connectionString: this.config.databaseUrl,
      js: jetstream(this.nc),
      namespace: this.config.natsNamespace,
      logger: { log: (m) => log.info(m), warn: (m) => log.warn(m) },
      onPublished: this.metrics.onPublished,
    });
    this.relay = relay;
    this.wakeups = onAppendSignal(this.nc, this.config.natsNamespace, () => relay.wake());
    this.registerMetrics(relay);
    relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.wakeups?.unsubscribe();
    await this.relay?.stop();
  }

  private registerMetrics(relay: EventRelay): void {
    new Gauge({
      name: 'nova_event_relay_leader',
      help: '1 while this app holds the relay leadership and publishes the log',
      registers: [this.registry],
      collect() {
        this.set(relay.stats.leader ? 1 : 0);
      },
    });
    new Gauge({
      name: 'nova_event_relay_published',
      help: 'Events this app published to JetStream since it started (duplicates excluded)',
      registers: [this.registry],
      collect() {
        this.set(relay.stats.published);
      },
    });
  }
}
