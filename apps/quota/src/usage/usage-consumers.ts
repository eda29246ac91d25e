// The durable consumers that keep usage in step with the resources tenants hold: one per
// stream category the usage events live in (server, floatingip, securitygroup), each applying
// a usage event exactly once and in its stream's order (libs/event-store event-consumer.ts),
// in the same transaction as its record of the event. Every replica runs them: the durable
// consumer is shared, so each event goes to one replica.

import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { USAGE_EVENT_CATEGORIES, isUsageEventType } from '@app/contracts';
import { EventConsumer, type EventConsumerOptions, type PostgresEventStore, type RelayLogger, type SqlDb } from '@app/event-store';
import { usageFactOf } from '@app/domain/quota/usage-facts';
import type { UsageApplier } from './usage-applier';

/** The categories that carry usage events, each with its consumer's name. */
export const USAGE_CONSUMERS: readonly { category: string; name: string }[] = [...new Set(Object.values(USAGE_EVENT_CATEGORIES))].map((category) => ({
  category,
  name: `quota-usage-${category}`,
}));

export interface UsageConsumerOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  namespace: string;
  db: SqlDb;
  schema: string;
  store: PostgresEventStore;
  applier: UsageApplier;
  logger?: RelayLogger;
  /** Retry tuning (the helper's defaults when absent). */
  retries?: Pick<EventConsumerOptions, 'maxDeliver' | 'backoffMs'>;
}

/** What each usage consumer is: its name and category, the events it opens, its handler. */
export function usageConsumerSpecs(applier: UsageApplier): Pick<EventConsumerOptions, 'name' | 'category' | 'interestedIn' | 'handle'>[] {
  return USAGE_CONSUMERS.map(({ category, name }) => ({
    name,
    category,
    // Only usage events count; the rest of the category is acked unopened.
    interestedIn: (event) => isUsageEventType(event.type),
    handle: async (event, tx) => {
      const fact = usageFactOf(event);
      if (fact) await applier.apply(tx, fact);
    },
  }));
}

export function usageConsumers(o: UsageConsumerOptions): EventConsumer[] {
  return usageConsumerSpecs(o.applier).map(
    (spec) => new EventConsumer({ ...spec, js: o.js, jsm: o.jsm, namespace: o.namespace, db: o.db, schema: o.schema, store: o.store, logger: o.logger, ...o.retries }),
  );
}
