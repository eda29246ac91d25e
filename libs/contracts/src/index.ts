// The protocol between the apps: event envelopes, stream names, subjects and message types.
export * from './events/event-envelope';
export * from './events/stream-names';
export * from './events/subjects';
