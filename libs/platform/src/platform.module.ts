// Everything an app needs to run, as one dynamic module: configuration, logger, metrics, the
// TypeORM connection to the app's schema (migrated at start), NATS, the event log with its relay,
// the behaviours in force (fault injection), and the health endpoints.

import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import type { AppName } from './config/app-names';
import { PlatformConfig } from './config/platform-config';
import type { AppMigrations } from './database/app-migrations';
import { createMigratedDataSource, typeOrmOptions } from './database/typeorm-options';
import { BehavioursModule } from './behaviours/behaviours.module';
import { EventStoreModule } from './event-store/event-store.module';
import { HealthModule } from './health/health.module';
import type { PinoLogger } from './logging/create-pino-logger';
import { NatsModule } from './nats/nats.module';
import { PINO_LOGGER } from './platform.constants';
import { PlatformCoreModule } from './platform-core.module';

export interface PlatformOptions {
  name: AppName;
  /** The app's migrations for a given schema, oldest first. */
  migrations: AppMigrations;
}

@Module({})
export class PlatformModule {
  static forApp({ name, migrations }: PlatformOptions): DynamicModule {
    const core = PlatformCoreModule.forApp(name);
    return {
      module: PlatformModule,
      imports: [
        core,
        TypeOrmModule.forRootAsync({
          imports: [core],
          inject: [PlatformConfig, PINO_LOGGER],
          useFactory: (config: PlatformConfig, pino: PinoLogger) => typeOrmOptions(config, migrations, pino),
          dataSourceFactory: (options?: DataSourceOptions) => createMigratedDataSource(options),
        }),
        NatsModule,
        EventStoreModule,
        BehavioursModule,
        HealthModule,
      ],
    };
  }
}
