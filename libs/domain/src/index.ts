// The pure domain: Nova's state vocabulary and the deciders of servers, images, keypairs and quotas, and the IPAM arithmetic. No I/O here.
export * from './server';
export * from './image';
export * from './keypair';
export * from './quota';
export * from './network';
