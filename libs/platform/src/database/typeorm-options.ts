// The TypeORM connection of an app: its own schema, no synchronize, and migrations run by
// `runMigrations()` before anyone can inject the DataSource.

import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { consumerTablesMigration, eventStoreMigration } from '@app/event-store';
import type { PlatformConfig } from '../config/platform-config';
import type { PinoLogger } from '../logging/create-pino-logger';
import { TypeOrmPinoLogger } from '../logging/typeorm-pino-logger';
import type { AppMigrations } from './app-migrations';
import { MigrationFailedError, runMigrations } from './run-migrations';

/** TypeORM's migrations table, created inside the app schema (`<schema>.migrations`). */
export const MIGRATIONS_TABLE = 'migrations';

export function typeOrmOptions(
  config: PlatformConfig,
  migrations: AppMigrations,
  pino: PinoLogger,
): TypeOrmModuleOptions {
  return {
    type: 'postgres',
    url: config.databaseUrl,
    schema: config.appSchema,
    applicationName: config.appName,
    poolSize: config.dbPoolSize,
    connectTimeoutMS: 5000,
    synchronize: false,
    migrationsRun: false,
    // Every app: the shared event log (idempotent) and its own consumer tables, then its own.
    migrations: [eventStoreMigration(config.eventStoreSchema), consumerTablesMigration(config.appSchema), ...migrations(config.appSchema)],
    migrationsTableName: MIGRATIONS_TABLE,
    autoLoadEntities: true,
    logger: new TypeOrmPinoLogger(pino),
    maxQueryExecutionTime: 1000,
    retryAttempts: 5,
    retryDelay: 2000,
    toRetry: (error: unknown) => !(error instanceof MigrationFailedError),
  };
}

/** Opens the DataSource and migrates it; a DataSource whose migrations failed is closed again. */
export async function createMigratedDataSource(options: DataSourceOptions | undefined): Promise<DataSource> {
  if (!options) throw new Error('TypeORM options are missing');
  const dataSource = await new DataSource(options).initialize();
  const schema = options.type === 'postgres' && options.schema ? options.schema : 'public';
  try {
    const ran = await runMigrations(dataSource, schema);
    dataSource.logger.logMigration(
      ran.length > 0 ? `schema ${schema}: ran ${ran.join(', ')}` : `schema ${schema} is up to date`,
    );
    return dataSource;
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}
