// The compute agents' protocol: host events, heartbeats, per-agent requests and their client.
export * from './host-events';
export * from './compute.messages';
export * from './compute.errors';
export * from './compute.client';
