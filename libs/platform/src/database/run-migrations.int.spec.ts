// runMigrations() against real Postgres: replicas starting together migrate one schema once,
// the shared event log is created once, the consumer tables and TypeORM's migrations table land
// in the app schema, and a rerun is a no-op.

import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { consumerTablesMigration, eventStoreMigration } from '@app/event-store';
import { runMigrations } from './run-migrations';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const schema = `it_migrations_${randomBytes(4).toString('hex')}`;
const logSchema = `${schema}_log`;

function replica(): DataSource {
  return new DataSource({
    type: 'postgres',
    url: DATABASE_URL,
    schema,
    poolSize: 1,
    migrations: [eventStoreMigration(logSchema), consumerTablesMigration(schema)],
    migrationsTableName: 'migrations',
  });
}

describe('runMigrations', () => {
  const replicas = [replica(), replica(), replica()];

  beforeAll(async () => {
    await Promise.all(replicas.map((dataSource) => dataSource.initialize()));
  });

  afterAll(async () => {
    await replicas[0].query(`DROP SCHEMA IF EXISTS "${schema}", "${logSchema}" CASCADE`);
    await Promise.all(replicas.map((dataSource) => dataSource.destroy()));
  });

  it('runs each migration once when replicas start together, even with one connection each', async () => {
    const ran = await Promise.all(replicas.map((dataSource) => runMigrations(dataSource, schema)));
    expect(ran.flat()).toEqual([new (eventStoreMigration(logSchema))().name, new (consumerTablesMigration(schema))().name]);
  });

  it('puts the tables and the migrations table in the app schema', async () => {
    const rows: { table_name: string }[] = await replicas[0].query(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      [schema],
    );
    expect(rows.map((row) => row.table_name)).toEqual([
      'consumer_failures',
      'consumer_stream_positions',
      'migrations',
      'parked_events',
      'processed_events',
    ]);
    const log: { table_name: string }[] = await replicas[0].query(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      [logSchema],
    );
    expect(log.map((row) => row.table_name)).toEqual(['events', 'relay_checkpoints']);
  });

  it('does nothing the second time', async () => {
    expect(await runMigrations(replicas[1], schema)).toEqual([]);
  });
});
