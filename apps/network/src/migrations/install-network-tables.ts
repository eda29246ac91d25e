// Creates the network tables in a schema without TypeORM (integration tests), by running the
// same migrations the app runs at start.

import type { QueryRunner } from 'typeorm';
import { networkMigrations } from './network.migrations';

export async function installNetworkTables(db: { query(sql: string): Promise<unknown> }, schema: string): Promise<void> {
  await db.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  const runner = { query: (sql: string) => db.query(sql) } as unknown as QueryRunner;
  for (const Migration of networkMigrations(schema)) await new Migration().up(runner);
}
