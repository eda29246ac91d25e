// The network app's protocol: request/reply messages, typed errors and client, its events.
export * from './network.messages';
export * from './network.errors';
export * from './network.client';
export * from './network-events';
export * from './security-group-events';
export * from './security-group.messages';
