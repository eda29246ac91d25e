// Runs this replica's scheduler (scheduler-instance.ts) inside the Nest app: started once the
// app is up, stopped and drained before NATS and Postgres close (libs/platform README, "Stop:
// the order of the hooks").

import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { PostgresEventStore, type SqlDb } from '@app/event-store';
import {
  APP_DB, BehaviourMetrics, BehaviourRegistry, METRICS_REGISTRY, NATS_CONNECTION, PINO_LOGGER, PlatformConfig, type NatsConnection, type PinoLogger,
} from '@app/platform';
import { SchedulerConfig } from './config/scheduler-config';
import { SchedulerInstance } from './scheduler-instance';

@Injectable()
export class SchedulerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private instance?: SchedulerInstance;

  constructor(
    @Inject(APP_DB) private readonly db: SqlDb,
    private readonly store: PostgresEventStore,
    private readonly platform: PlatformConfig,
    private readonly config: SchedulerConfig,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(PINO_LOGGER) private readonly pino: PinoLogger,
    private readonly behaviours: BehaviourRegistry,
    private readonly behaviourMetrics: BehaviourMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const log = this.pino.child({ component: 'scheduler' });
    this.instance = new SchedulerInstance({
      db: this.db, store: this.store, nc: this.nc, namespace: this.platform.natsNamespace, schema: this.platform.appSchema,
      config: this.config, registry: this.registry, logger: { log: (m) => log.info(m), warn: (m) => log.warn(m) },
      behaviours: { registry: this.behaviours, metrics: this.behaviourMetrics },
    });
    await this.instance.start();
    void this.instance.deciding.then(() => log.info({ hosts: this.instance?.hosts.size }, 'deciding'));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.instance?.stop();
  }
}
