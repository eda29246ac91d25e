// NATS for the stack: the server NATS_URL names when it answers (it must have JetStream);
// otherwise, if that URL is on this machine (the default is), a nats-server from the PATH with
// JetStream, on the URL's port when free (else any free port), storing in <data>/nats.

import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Child } from './child.mjs';
import { StackError, freePort, isLocalHost, waitUntil } from './util.mjs';

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

export const INSTALL_HINT =
  'install nats-server (Debian/Ubuntu: `sudo apt-get install nats-server`; macOS: `brew install nats-server`; ' +
  'others: a release binary from github.com/nats-io/nats-server/releases on the PATH), or set NATS_URL to a NATS with JetStream';

/** 'up', 'down' (nothing listens) or an Error (it answers, but without JetStream, or refuses). */
export async function probeNats(servers) {
  let nc;
  try {
    nc = await connect({ servers, reconnect: false, timeout: 3000, name: 'stack-probe' });
  } catch (error) {
    return /CONNECTION_REFUSED|ECONNREFUSED/.test(`${error.code} ${error.message} ${error.cause?.code}`) ? 'down' : error;
  }
  try {
    await (await jetstreamManager(nc)).getAccountInfo();
    return 'up';
  } catch (error) {
    return new Error(`it has no JetStream (${error.message}); start it with -js`);
  } finally {
    await nc.close().catch(() => undefined);
  }
}

/** NATS_SERVER_BIN, else the first nats-server on the PATH (and the usual sbin folders). */
export function findNatsServer(env) {
  if (env.NATS_SERVER_BIN) return existsSync(env.NATS_SERVER_BIN) ? env.NATS_SERVER_BIN : undefined;
  const folders = [...(env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/local/bin'];
  return folders.filter(Boolean).map((folder) => join(folder, 'nats-server')).find((path) => existsSync(path));
}

/** Returns `{ url, description, child? }`; `onChild(child)` learns of the nats-server at once. */
export async function ensureNats({ env, dataDir, output, onChild }) {
  const url = env.NATS_URL || DEFAULT_NATS_URL;
  const servers = url.split(',').map((s) => s.trim());
  const state = await probeNats(servers);
  if (state === 'up') return { url, description: `${url} (already running)` };
  const target = new URL(servers[0]);
  if (state !== 'down') throw new StackError(`NATS_URL ${url} answers, but ${state.message}`);
  if (servers.length > 1 || !isLocalHost(target.hostname)) throw new StackError(`NATS_URL ${url} does not answer (nothing listens there)`);

  const binary = findNatsServer(env);
  if (!binary) throw new StackError(`no NATS answers at ${url} and no nats-server was found: ${INSTALL_HINT}`);
  const port = await freePort(Number(target.port || 4222));
  const store = join(dataDir, 'nats');
  const ready = `nats://127.0.0.1:${port}`;
  output.say(`no NATS answers at ${url}: starting ${binary} with JetStream on port ${port}, store in ${store}`);
  const child = new Child('nats', binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], {
    env: process.env,
    output,
    stopSignal: 'SIGINT', // its clean stop (exit 0); SIGTERM exits 1
  });
  onChild?.(child);
  // On failure the launcher stops the child it was told of.
  await waitUntil('nats-server to start', async () => {
    if (!child.running) throw new StackError(`nats-server stopped:\n${child.tail()}`);
    return (await probeNats([ready])) === 'up';
  }, { timeoutMs: 30_000 });
  return { url: ready, description: `${ready} (nats-server, store in ${store})`, child };
}
