// Keypairs (the os-keypairs extension): the decider, its events, errors and the name rule.
export * from './keypair.decider';
export * from './keypair.errors';
export * from './keypair.events';
export * from './keypair-name';
