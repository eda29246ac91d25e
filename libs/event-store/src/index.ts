// The event log on Postgres, its relay to NATS JetStream, durable consumers and replay.
export * from './errors';
export * from './sql';
export * from './event-store.schema';
export * from './postgres-event-store';
export * from './upcasters';
export * from './events-stream';
export * from './wire-format';
export * from './event-relay';
export * from './consumer-tables';
export * from './event-consumer';
export * from './projection';
export * from './projection-replay';
export * from './projection-consumer';
export * from './append-signal';
export * from './projection-catch-up';
export * from './stream-catch-up';
export * from './decider-runner';
