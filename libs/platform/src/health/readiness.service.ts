// Decides whether the app can do its work right now: NATS connected and Postgres answering
// `SELECT 1` within a second. Also publishes the answer as the `nova_ready` gauge.

import { Inject, Injectable } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { NatsLifecycleService } from '../nats/nats-lifecycle.service';
import { METRICS_REGISTRY } from '../platform.constants';

export type CheckState = 'up' | 'down';

export interface Readiness {
  ready: boolean;
  checks: { postgres: CheckState; nats: CheckState };
}

const POSTGRES_TIMEOUT_MS = 1000;

function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

@Injectable()
export class ReadinessService {
  private readonly gauge: Gauge;

  constructor(
    private readonly dataSource: DataSource,
    private readonly nats: NatsLifecycleService,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    const check = () => this.check();
    this.gauge = new Gauge({
      name: 'nova_ready',
      help: '1 while the app is ready (Postgres and NATS both up), else 0',
      registers: [registry],
      async collect() {
        await check();
      },
    });
  }

  async check(): Promise<Readiness> {
    const postgres = await this.postgresUp();
    const nats = this.nats.isUp();
    const ready = postgres && nats;
    this.gauge.set(ready ? 1 : 0);
    return { ready, checks: { postgres: postgres ? 'up' : 'down', nats: nats ? 'up' : 'down' } };
  }

  private postgresUp(): Promise<boolean> {
    if (!this.dataSource.isInitialized) return Promise.resolve(false);
    const ping = this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
    return within(ping, POSTGRES_TIMEOUT_MS, false);
  }
}
