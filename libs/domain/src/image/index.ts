// The image aggregate: statuses, events, commands, errors, the allowed-state table and the decider.
export * from './image-status';
export * from './image.events';
export * from './image.commands';
export * from './image.errors';
export * from './image-allowed-states';
export * from './image-metadata.rules';
export * from './image.decider';
