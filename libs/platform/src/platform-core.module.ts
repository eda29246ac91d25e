// The app-wide values everything else is built from: the app name, its validated configuration,
// its pino logger and its metrics registry. Global, so any module can inject them.

import { type DynamicModule, Global, Module } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { AppName } from './config/app-names';
import { loadConfig } from './config/load-config';
import { PlatformConfig } from './config/platform-config';
import { createPinoLogger } from './logging/create-pino-logger';
import { APP_NAME, METRICS_REGISTRY, PINO_LOGGER } from './platform.constants';

function createRegistry(app: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  return registry;
}

@Global()
@Module({})
export class PlatformCoreModule {
  static forApp(app: AppName): DynamicModule {
    return {
      module: PlatformCoreModule,
      providers: [
        { provide: APP_NAME, useValue: app },
        { provide: PlatformConfig, useFactory: () => loadConfig(app) },
        {
          provide: PINO_LOGGER,
          inject: [PlatformConfig],
          useFactory: (config: PlatformConfig) => createPinoLogger(app, config.logLevel),
        },
        { provide: METRICS_REGISTRY, useFactory: () => createRegistry(app) },
      ],
      exports: [APP_NAME, PlatformConfig, PINO_LOGGER, METRICS_REGISTRY],
    };
  }
}
