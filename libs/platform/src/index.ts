// The shared app runtime: configuration, logging, Postgres with migrations, NATS, health and
// metrics, and the bootstrap with graceful shutdown. No business logic lives here.
export * from './bootstrap/bootstrap-app';
export * from './config/app-names';
export * from './config/load-config';
export * from './config/platform-config';
export * from './database/advisory-lock';
export * from './database/app-migrations';
export * from './database/run-migrations';
export * from './database/typeorm-options';
export * from './event-store/event-store.module';
export * from './event-store/event-store.tokens';
export * from './event-store/inline-projections';
export * from './event-store/live-projections';
export * from './event-store/event-store-metrics';
export * from './http/http-observability';
export * from './health/readiness.service';
export * from './logging/create-pino-logger';
export * from './logging/nest-pino-logger';
export * from './logging/request-context';
export * from './nats/nats-lifecycle.service';
export * from './platform.constants';
export * from './platform.module';
export * from './rpc/rpc-transport';
export * from './rpc/rpc-answer';
export * from './quota/quota-client.provider';
export * from './network/network-client.provider';
export type { NatsConnection } from '@nats-io/transport-node';
