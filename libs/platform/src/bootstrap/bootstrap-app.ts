// Starts one app: validates its configuration (one line on stderr and exit 1 when wrong), creates
// the Nest app on Fastify with the pino logger, observes its HTTP requests (request context for
// the logs, request metrics), lets the app configure it, connects the NATS microservice
// transport for @MessagePattern handlers (subjects behind NATS_NAMESPACE), listens on the
// app's port and installs the graceful stop.

import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { CustomStrategy } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyServerOptions } from 'fastify';
import type { AppName } from '../config/app-names';
import type { Registry } from 'prom-client';
import { ConfigError, loadConfig } from '../config/load-config';
import type { PlatformConfig } from '../config/platform-config';
import { observeHttp } from '../http/http-observability';
import { installConsumerContext } from '@app/event-store';
import { createPinoLogger } from '../logging/create-pino-logger';
import { runInRequestContext } from '../logging/request-context';
import { NestPinoLogger } from '../logging/nest-pino-logger';
import { NamespacedNatsServer } from '../nats/namespaced-nats.server';
import { METRICS_REGISTRY } from '../platform.constants';
import { ShutdownSignals } from './shutdown-signals';

export interface BootstrapOptions {
  name: AppName;
  /** The app's root module, which imports `PlatformModule.forApp({ name, ... })`. */
  module: Type<unknown> | DynamicModule;
  /** Options for the Fastify instance (request ids, URL rewriting, body limit, ...). */
  fastify?: FastifyServerOptions;
  /** false when `configure` registers its own body parsers (Nest's JSON parser would clash). */
  bodyParser?: boolean;
  /** Called before the app listens: content-type parsers, global pipes and filters, ... */
  configure?: (app: NestFastifyApplication, config: PlatformConfig) => void | Promise<void>;
}

/** How long the NATS microservice waits for in-flight handlers after unsubscribing at shutdown. */
const RPC_GRACE_PERIOD_MS = 1000;

function configOrExit(name: AppName): PlatformConfig {
  try {
    return loadConfig(name);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

export async function bootstrapApp({
  name,
  module,
  configure,
  fastify,
  bodyParser = true,
}: BootstrapOptions): Promise<NestFastifyApplication> {
  const config = configOrExit(name);
  const pino = createPinoLogger(name, config.logLevel);
  const signals = new ShutdownSignals(pino);
  // Every event a consumer of this app handles runs as part of the API request that caused it,
  // so its log lines carry that request's id (req_id), as the gateway's own lines do.
  installConsumerContext((event, work) => runInRequestContext({ reqId: event.metadata.correlationId }, work));
  try {
    const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(fastify), {
      logger: new NestPinoLogger(pino),
      abortOnError: false,
      return503OnClosing: true,
      bodyParser,
    });
    observeHttp(app.getHttpAdapter().getInstance(), app.get<Registry>(METRICS_REGISTRY));
    await configure?.(app, config);
    app.connectMicroservice<CustomStrategy>(
      {
        strategy: new NamespacedNatsServer(config.natsNamespace, {
          servers: config.natsServers,
          queue: name,
          name: `${name}-rpc`,
          maxReconnectAttempts: -1,
          gracefulShutdown: true,
          gracePeriod: RPC_GRACE_PERIOD_MS,
        }),
      },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
    await app.listen(config.httpPort, '0.0.0.0');
    signals.attach(app);
    pino.info({ port: config.httpPort, schema: config.appSchema }, 'started');
    return app;
  } catch (error) {
    pino.fatal({ err: error }, 'start failed');
    process.exit(1);
  }
}
