// npm start: the whole stack on one machine. Postgres and NATS are the ones DATABASE_URL and
// NATS_URL name when they answer; otherwise this starts them (an embedded Postgres, a
// nats-server from the PATH), their data in .data/ (STACK_DATA_DIR), kept across restarts.
// Then the five built apps run as child processes, each line of their logs under the app's
// name (readable in a terminal, JSON otherwise: scripts/stack/logs.mjs), and once every app's
// /readyz answers 200 a banner says where the API is and how to log in. Ctrl-C (or SIGTERM)
// stops the apps, then NATS, then Postgres, and exits 0. One stack per data folder: a second
// start says where the first one is. `node scripts/stack.mjs scheduler quota` runs only those
// apps. Build first (`npm start` builds, then runs this).

import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { APPS, ROOT, isBuilt, mainOf, portOf, portVariableOf } from './stack/apps.mjs';
import { readyBanner, relativeData } from './stack/banner.mjs';
import { Child, describeExit } from './stack/child.mjs';
import { acquireLock, isAlive } from './stack/lock.mjs';
import { createOutput, logFormat } from './stack/logs.mjs';
import { ensureNats } from './stack/nats.mjs';
import { ensurePostgres } from './stack/postgres.mjs';
import { StackError, isPortFree, sleep, waitUntil } from './stack/util.mjs';

const env = process.env;
/** npm forwards the terminal's Ctrl-C to the launcher, which the terminal also sent: one stop. */
const REPEATED_SIGNAL_MS = 2000;

let output;
try {
  output = createOutput({ format: logFormat(env, process.stdout) });
} catch (error) {
  console.error(`stack: ${error.message}`);
  process.exit(1);
}

/** What this run started, in start order: `{ child, app }` (app: one of the five apps). */
const started = [];
let lock;
let stopping;
let firstSignalAt = 0;

function track(child, app = false) {
  started.push({ child, app });
  lock?.record(started.map((s) => s.child));
  child.exited.then((exit) => {
    if (!stopping) void shutdown(`${child.name} stopped on its own (${describeExit(exit)}); stopping everything`, 1);
  });
}

/** Stops the apps (all at once), then NATS and Postgres if this run started them, and exits. */
function shutdown(reason, code) {
  stopping ??= (async () => {
    output.say(reason, {}, code === 0 ? 'info' : 'error');
    let clean = code === 0;
    const apps = started.filter((s) => s.app).map((s) => s.child);
    const exits = await Promise.all(apps.map((child) => child.stop(undefined, 20_000)));
    exits.forEach((exit, i) => {
      if (exit.code !== 0) clean = false;
      output.say(`${apps[i].name} stopped (${describeExit(exit)})`);
    });
    for (const { child } of started.filter((s) => !s.app).reverse()) {
      output.say(`stopping ${child.name}`);
      output.say(`${child.name} stopped (${describeExit(await child.stop(undefined, 30_000))})`);
    }
    lock?.release();
    process.exit(clean ? 0 : code || 1);
  })();
  return stopping;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (!stopping) {
      firstSignalAt = Date.now();
      void shutdown(`${signal}: stopping ${started.map((s) => s.child.name).reverse().join(', ') || 'the start'}`, 0);
    } else if (Date.now() - firstSignalAt > REPEATED_SIGNAL_MS) {
      output.say(`${signal} again: killing everything now`, {}, 'warn');
      for (const { child } of started) child.kill();
      lock?.release();
      process.exit(130);
    }
  });
}

async function isReady(app) {
  try {
    return (await fetch(`http://127.0.0.1:${portOf(app, env)}/readyz`, { signal: AbortSignal.timeout(2000) })).status === 200;
  } catch {
    return false;
  }
}

/** Processes a launcher killed with -9 left behind (apps, nats-server): stopped before we start. */
async function stopLeftovers(leftovers) {
  for (const { name, pid } of leftovers) {
    output.say(`stopping ${name} (pid ${pid}), left running by an earlier start`, {}, 'warn');
    process.kill(pid, 'SIGTERM');
  }
  const gone = () => leftovers.every(({ pid, command }) => !isAlive(pid, command));
  if (!(await waitUntil('the leftovers to stop', gone, { timeoutMs: 20_000 }).catch(() => false))) {
    for (const { pid, command } of leftovers) if (isAlive(pid, command)) process.kill(pid, 'SIGKILL');
  }
}

async function main() {
  const wanted = process.argv.length > 2 ? process.argv.slice(2) : APPS;
  const unknown = wanted.filter((app) => !APPS.includes(app));
  if (unknown.length > 0) throw new StackError(`unknown app ${unknown.join(', ')}; the apps are ${APPS.join(', ')}`);
  const missing = wanted.filter((app) => !isBuilt(app));
  if (missing.length > 0) throw new StackError(`${missing.map(mainOf).join(', ')} missing: run \`npm run build\` first (npm start does)`);

  const dataDir = resolve(ROOT, env.STACK_DATA_DIR || '.data');
  mkdirSync(dataDir, { recursive: true });
  const taken = acquireLock(dataDir, { apps: wanted });
  if (taken.holder) {
    const h = taken.holder;
    const where = h.apiUrl ? `, API at ${h.apiUrl}` : '';
    throw new StackError(
      `a stack is already running on ${relativeData(dataDir)} (pid ${h.pid}, started ${h.startedAt}${where}): ` +
        `stop it with Ctrl-C in its terminal or \`kill ${h.pid}\`, or run another one with its own STACK_DATA_DIR and ports`,
    );
  }
  lock = taken;
  await stopLeftovers(lock.leftovers);
  for (const app of wanted) {
    const port = portOf(app, env);
    if (!(await isPortFree(port))) throw new StackError(`port ${port} of ${app} is in use: stop what listens there or set ${portVariableOf(app)}`);
  }

  const postgres = await ensurePostgres({ env, dataDir, output, onChild: track });
  const nats = await ensureNats({ env, dataDir, output, onChild: track });
  if (stopping) return;
  const appEnv = { ...env, DATABASE_URL: postgres.url, NATS_URL: nats.url };
  output.say(`starting ${wanted.join(', ')}`);
  for (const app of wanted) track(new Child(app, process.execPath, [mainOf(app)], { env: appEnv, cwd: ROOT, output }), true);

  await waitUntil('every app to answer /readyz with 200', async () => stopping || (await Promise.all(wanted.map(isReady))).every(Boolean), {
    timeoutMs: 180_000,
    intervalMs: 300,
  });
  if (stopping) return;
  const { text, fields } = readyBanner({ apps: wanted, env, postgres, nats, dataDir: relativeData(dataDir) });
  lock.update({ apiUrl: fields.apiUrl, databaseUrl: postgres.url, natsUrl: nats.url });
  output.banner(text, fields);
}

main().catch(async (error) => {
  if (stopping) return;
  const message = error instanceof StackError ? error.message : error?.stack ?? String(error);
  if (started.length === 0) {
    output.say(message, {}, 'error');
    lock?.release();
    await sleep(0);
    process.exit(1);
  }
  void shutdown(`cannot start: ${message}`, 1);
});
