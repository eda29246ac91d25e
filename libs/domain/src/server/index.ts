// The server aggregate: Nova's vocabulary, the events, the pure decider and its allowed-state table.
export * from './vm-state';
export * from './task-state';
export * from './power-state';
export * from './server-status';
export * from './server.events';
export * from './server.state';
export * from './server.commands';
export * from './server.errors';
export * from './server-allowed-states';
export * from './server.decider';
