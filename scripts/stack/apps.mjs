// The five apps as the launcher sees them: name, built entry point, HTTP port (from the same
// variables and defaults as libs/platform/src/config/app-names.ts, which a test compares).

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const DEFAULT_PORTS = {
  'api-gateway': 8774,
  scheduler: 8781,
  'compute-agent': 8782,
  network: 8783,
  quota: 8784,
};

export const APPS = Object.keys(DEFAULT_PORTS);

/** `compute-agent` -> `COMPUTE_AGENT_PORT`. */
export const portVariableOf = (app) => `${app.replace(/-/g, '_').toUpperCase()}_PORT`;

/** The built entry point, as `nest build <app>` writes it and `npm run start:<app>` runs it. */
export const mainOf = (app) => join(ROOT, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');

export const isBuilt = (app) => existsSync(mainOf(app));

export function portOf(app, env) {
  const value = env[portVariableOf(app)];
  return value && /^[0-9]+$/.test(value) ? Number(value) : DEFAULT_PORTS[app];
}
