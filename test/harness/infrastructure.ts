// Where the tests' Postgres and NATS come from: DATABASE_URL / NATS_URL when set (CI points
// them at the machine's services); otherwise the usual local ports when something answers
// there; otherwise containers started once per jest worker (where Docker runs).

import { Socket } from 'node:net';
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

const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_NATS = 'nats://127.0.0.1:4222';

/** Does anything accept a TCP connection on 127.0.0.1:port (within half a second)? */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1', () => done(true));
  });
}

async function locate(): Promise<Infrastructure> {
  let { DATABASE_URL, NATS_URL } = process.env;
  DATABASE_URL ??= (await answers(5432)) ? LOCAL_POSTGRES : undefined;
  NATS_URL ??= (await answers(4222)) ? LOCAL_NATS : undefined;
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
