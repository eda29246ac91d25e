// Runs a projection live: a durable consumer named after it, applying each event in the
// consumer's transaction to the app schema's tables.

import { EventConsumer, type EventConsumerOptions } from './event-consumer';
import type { Projection } from './projection';

export function projectionConsumer(projection: Projection, options: Omit<EventConsumerOptions, 'name' | 'handle' | 'category'>): EventConsumer {
  return new EventConsumer({
    ...options,
    name: projection.name,
    category: projection.category,
    interestedIn: projection.types ? ((types) => (event: { type: string }) => types.has(event.type))(new Set(projection.types)) : undefined,
    handle: (event, tx) => projection.apply(tx, options.schema, event),
  });
}
