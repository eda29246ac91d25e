// Where the tests' Postgres and NATS come from: DATABASE_URL / NATS_URL when set (CI points
// them at the machine's services), otherwise containers started once per jest worker.

import type { ConnectionOptions } from '@nats-io/transport-node';

export interface Infrastructure {
  databaseUrl: string;
  nats: ConnectionOptions;
}

let started: Promise<Infrastructure> | undefined;

/** The test infrastructure, started on first use and shared by the tests of one worker. */
export function infrastructure(): Promise<Infrastructure> {
  started ??= locate();
  return started;
}

async function locate(): Promise<Infrastructure> {
  const { DATABASE_URL, NATS_URL } = process.env;
  if (DATABASE_URL && NATS_URL) return { databaseUrl: DATABASE_URL, nats: { servers: NATS_URL } };
  // Containers only where the environment names no services (a developer machine with Docker).
  const [{ PostgreSqlContainer }, { NatsContainer }] = await Promise.all([
    import('@testcontainers/postgresql'),
    import('@testcontainers/nats'),
  ]);
  const [pg, nats] = await Promise.all([
    DATABASE_URL ? undefined : new PostgreSqlContainer('postgres:15').start(),
    NATS_URL ? undefined : new NatsContainer('nats:2.10').withJetStream().start(),
  ]);
  return {
    databaseUrl: DATABASE_URL ?? pg!.getConnectionUri(),
    nats: NATS_URL ? { servers: NATS_URL } : nats!.getConnectionOptions(),
  };
}
