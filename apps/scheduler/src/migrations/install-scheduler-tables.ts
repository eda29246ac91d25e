// Creates the scheduler tables in a schema without TypeORM (tools, benchmarks and integration
// tests), by running the same migrations the app runs at start.

import type { QueryRunner } from 'typeorm';
import { schedulerMigrations } from './scheduler.migrations';

export async function installSchedulerTables(db: { query(sql: string): Promise<unknown> }, schema: string): Promise<void> {
  await db.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  const runner = { query: (sql: string) => db.query(sql) } as unknown as QueryRunner;
  for (const Migration of schedulerMigrations(schema)) await new Migration().up(runner);
}
