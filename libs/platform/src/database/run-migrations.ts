// Brings an app's schema up to date at start: creates the schema, then runs pending migrations one
// transaction each, all under an advisory lock. The lock and the migrations share one session
// (TypeORM's MigrationExecutor on our query runner rather than DataSource.runMigrations(), which
// would take a second pooled connection and deadlock with DB_POOL_SIZE=1).

import { type DataSource, type Migration, MigrationExecutor } from 'typeorm';
import { withAdvisoryLock } from './advisory-lock';

/** Set on migration failures, so that the data source is not retried for a broken migration. */
export class MigrationFailedError extends Error {
  override readonly name = 'MigrationFailedError';
}

/** Runs the data source's pending migrations in `schema`; returns the names of those it ran. */
export async function runMigrations(dataSource: DataSource, schema: string): Promise<string[]> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.connect();
    return await withAdvisoryLock(queryRunner, `nova-migrations:${schema}`, async () => {
      await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const executor = new MigrationExecutor(dataSource, queryRunner);
      executor.transaction = 'each';
      const ran: Migration[] = await executor.executePendingMigrations();
      return ran.map((migration) => migration.name);
    });
  } catch (error) {
    throw new MigrationFailedError(`migrations of schema ${schema} failed: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    await queryRunner.release();
  }
}
