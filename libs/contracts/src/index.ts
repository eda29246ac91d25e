// The protocol between the apps: event envelopes, stream names, subjects and message types.
export * from './events/event-envelope';
export * from './events/stream-names';
export * from './events/subjects';
export * from './quota/quota-resources';
export * from './quota/quota.messages';
export * from './quota/quota.errors';
export * from './quota/quota.client';
export * from './quota/usage-events';
export * from './network';
export * from './compute';
export * from './behaviours';
