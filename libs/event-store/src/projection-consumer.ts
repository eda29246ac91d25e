// Runs a projection live: a durable consumer named after it, applying each event in the
// consumer's transaction to the app schema's tables.

import { EventConsumer, type EventConsumerOptions } from './event-consumer';
import type { Projection } from './projection';

/** What makes a consumer run a projection into `schema`: its name, category, the types it reads, its handler. */
export function projectionConsumerSpec(projection: Projection, schema: string): Pick<EventConsumerOptions, 'name' | 'category' | 'interestedIn' | 'handle'> {
  const types = projection.types ? new Set(projection.types) : undefined;
  return {
    name: projection.name,
    category: projection.category,
    interestedIn: types ? (event) => types.has(event.type) : undefined,
    handle: (event, tx) => projection.apply(tx, schema, event),
  };
}

export function projectionConsumer(projection: Projection, options: Omit<EventConsumerOptions, 'name' | 'handle' | 'category'>): EventConsumer {
  return new EventConsumer({ ...options, ...projectionConsumerSpec(projection, options.schema) });
}
