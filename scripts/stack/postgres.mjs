// Postgres for the stack: the server DATABASE_URL names when it answers; otherwise, if that URL
// is on this machine (the default is), an embedded Postgres (embedded-postgres.mjs) on the
// URL's port when free (else any free port), with the URL's user, password and database, and
// its data in <data>/postgres, kept across restarts.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Child } from './child.mjs';
import { isAlive } from './lock.mjs';
import { StackError, freePort, isLocalHost, redact, sleep, waitUntil } from './util.mjs';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const HELPER = fileURLToPath(new URL('./embedded-postgres.mjs', import.meta.url));

/** 'up', 'down' (nothing listens there) or the Error of a server that answered but refused. */
export async function probePostgres(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return 'up';
  } catch (error) {
    return error.code === 'ECONNREFUSED' ? 'down' : error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A Postgres an earlier start left running on this data folder (its launcher was killed). */
async function stopLeftover(dir, output) {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !isAlive(pid, 'postgres')) return;
  output.say(`stopping the Postgres an earlier start left running (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  await waitUntil(`the leftover Postgres (pid ${pid}) to stop`, () => !isAlive(pid, 'postgres'), { timeoutMs: 30_000 });
  await sleep(200);
}

/** Returns `{ url, description, child? }`; `onChild(child)` learns of the embedded Postgres at once. */
export async function ensurePostgres({ env, dataDir, output, onChild }) {
  const url = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const state = await probePostgres(url);
  if (state === 'up') return { url, description: `${redact(url)} (already running)` };
  const target = new URL(url);
  if (state !== 'down') throw new StackError(`DATABASE_URL ${redact(url)} answers but refuses: ${state.message}`);
  if (!isLocalHost(target.hostname)) throw new StackError(`DATABASE_URL ${redact(url)} does not answer (nothing listens there)`);

  const dir = join(dataDir, 'postgres');
  await stopLeftover(dir, output);
  const port = await freePort(Number(target.port || 5432));
  target.hostname = '127.0.0.1';
  target.port = String(port);
  const database = decodeURIComponent(target.pathname.slice(1)) || 'postgres';
  output.say(`no Postgres answers at ${redact(url)}: starting an embedded one on port ${port}, data in ${dir}`);
  const child = new Child('postgres', process.execPath, [HELPER], {
    env: {
      ...process.env,
      STACK_PG_DIR: dir,
      STACK_PG_PORT: String(port),
      STACK_PG_USER: decodeURIComponent(target.username) || 'postgres',
      STACK_PG_PASSWORD: decodeURIComponent(target.password),
      STACK_PG_DATABASE: database,
    },
    output,
    keepStdinOpen: true,
  });
  onChild?.(child);
  const ready = target.toString();
  // On failure the launcher stops the child it was told of.
  await waitUntil('the embedded Postgres to start', async () => {
    if (!child.running) throw new StackError(`the embedded Postgres stopped:\n${child.tail()}`);
    return (await probePostgres(ready)) === 'up';
  }, { timeoutMs: 120_000 });
  return { url: ready, description: `${redact(ready)} (embedded, data in ${dir})`, child };
}
