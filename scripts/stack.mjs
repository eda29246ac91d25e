// Runs the built stack on one machine: spawns every app (or those named as arguments) from dist/,
// prefixes each output line with the app's name, forwards SIGINT/SIGTERM to all of them, and exits
// 0 only if every app exited 0. If an app dies on its own, the others are stopped and it exits 1.
// Build first (`npm run build`, or `npm start`, which builds and then runs this).

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const APPS = ['api-gateway', 'scheduler', 'compute-agent', 'network', 'quota'];
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mainOf = (app) => join(root, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');

const wanted = process.argv.length > 2 ? process.argv.slice(2) : APPS;
const unknown = wanted.filter((app) => !APPS.includes(app));
if (unknown.length > 0) {
  console.error(`stack: unknown app ${unknown.join(', ')}; apps are ${APPS.join(', ')}`);
  process.exit(1);
}
const missing = wanted.filter((app) => !existsSync(mainOf(app)));
if (missing.length > 0) {
  console.error(`stack: ${missing.map(mainOf).join(', ')} missing; run \`npm run build\` first`);
  process.exit(1);
}

let stopping = false;
let failed = false;
const running = new Map();

function prefixLines(stream, app, out) {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => out.write(`[${app}] ${line}\n`));
}

function stopAll(signal) {
  stopping = true;
  for (const child of running.values()) child.kill(signal);
}

const exits = wanted.map(
  (app) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [mainOf(app)], {
        cwd: root,
        env: process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      running.set(app, child);
      prefixLines(child.stdout, app, process.stdout);
      prefixLines(child.stderr, app, process.stderr);
      child.on('exit', (code, signal) => {
        running.delete(app);
        const ok = code === 0;
        if (!ok) failed = true;
        console.log(`[stack] ${app} exited with ${signal ? `signal ${signal}` : `code ${code}`}`);
        if (!stopping) {
          console.log(`[stack] ${app} stopped on its own; stopping the others`);
          stopAll('SIGTERM');
          failed = true;
        }
        resolve();
      });
    }),
);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (!stopping) console.log(`[stack] ${signal}: stopping ${[...running.keys()].join(', ')}`);
    stopAll(signal);
  });
}

await Promise.all(exits);
process.exit(failed ? 1 : 0);
