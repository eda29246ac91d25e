// Small helpers of the launcher: free ports, whether a URL's host is this machine (only then
// may the launcher start a server for it), waiting, and the error that ends a start with one line.

import { createServer } from 'node:net';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]', '0.0.0.0']);

export const isLocalHost = (hostname) => LOCAL_HOSTS.has(hostname);

/** Can something listen on 127.0.0.1:`port` right now? (Port 0: the OS picks one.) */
function listenOn(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
    });
  });
}

export async function isPortFree(port) {
  return (await listenOn(port)) !== undefined;
}

/** `preferred` when it is free, else a port the OS picks. */
export async function freePort(preferred) {
  if (preferred && (await isPortFree(preferred))) return preferred;
  return listenOn(0);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Something the user must fix; the launcher prints its message alone, without a stack trace. */
export class StackError extends Error {}

/** Calls `probe` every `intervalMs` until it returns something other than undefined/false. */
export async function waitUntil(what, probe, { timeoutMs = 60_000, intervalMs = 200 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new StackError(`${what} did not happen within ${Math.round(timeoutMs / 1000)} s`);
    await sleep(intervalMs);
  }
}

/** `postgres://user:secret@host/db` -> `postgres://user:***@host/db`. */
export const redact = (url) => url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
