// The event log as each app sees it, on /metrics: events this app appended (by type), events
// its relay published (by type), what its durable consumers did (by consumer and outcome), and
// how far behind each consumer is (JetStream's num_pending, sampled at every scrape).

import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, type Registry } from 'prom-client';
import { type EventConsumer, runningEventConsumers } from '@app/event-store';
import { METRICS_REGISTRY } from '../platform.constants';

/** How long one scrape waits for JetStream to say how far behind a consumer is. */
const LAG_SAMPLE_TIMEOUT_MS = 1000;

const OUTCOMES = { applied: 'applied', duplicates: 'duplicate', gapFilled: 'gap_filled', retried: 'retried', parked: 'parked' } as const;

function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise.catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
}

@Injectable()
export class EventStoreMetrics {
  private readonly appended: Counter<'type'>;
  private readonly published: Counter<'type'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.appended = new Counter({ name: 'nova_events_appended_total', help: 'Events this app appended to the log (committed), by type', labelNames: ['type'], registers: [registry] });
    this.published = new Counter({ name: 'nova_events_published_total', help: 'Events this app relayed to JetStream (duplicates excluded), by type', labelNames: ['type'], registers: [registry] });
    const consumers = () => [...runningEventConsumers()];
    new Counter({
      name: 'nova_events_consumed_total',
      help: 'Events handled by this process\'s durable consumers since they started, by consumer and outcome (applied, duplicate, gap_filled, retried, parked)',
      labelNames: ['consumer', 'outcome'],
      registers: [registry],
      collect() {
        this.reset();
        for (const consumer of consumers()) {
          for (const [stat, outcome] of Object.entries(OUTCOMES)) {
            this.inc({ consumer: consumer.name, outcome }, consumer.stats[stat as keyof typeof OUTCOMES]);
          }
        }
      },
    });
    new Gauge({
      name: 'nova_event_consumer_lag',
      help: 'Events JetStream holds for a durable consumer that it has not delivered yet (num_pending), sampled at scrape time',
      labelNames: ['consumer'],
      registers: [registry],
      async collect() {
        this.reset();
        const samples = await Promise.all(consumers().map(async (c: EventConsumer) => ({ name: c.name, lag: await within(c.lag(), LAG_SAMPLE_TIMEOUT_MS) })));
        for (const { name, lag } of samples) if (lag) this.set({ consumer: name }, lag.pending);
      },
    });
  }

  /** For `EventStoreOptions.onAppended`. */
  readonly onAppended = (_stream: string, types: readonly string[]): void => {
    for (const type of types) this.appended.inc({ type });
  };

  /** For `EventRelayOptions.onPublished`. */
  readonly onPublished = (event: { type: string }, duplicate: boolean): void => {
    if (!duplicate) this.published.inc({ type: event.type });
  };
}
