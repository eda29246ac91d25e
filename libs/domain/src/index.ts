// The pure domain: Nova's state vocabulary and, in later issues, the deciders. No I/O here.
export * from './server/vm-state';
export * from './server/task-state';
export * from './server/power-state';
export * from './server/server-status';
export * from './image';
export * from './keypair';
export * from './quota';
export * from './network';
