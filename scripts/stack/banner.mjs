// What `npm start` prints once every app is ready: where the API and identity are, who to log
// in as, a curl that gets a token, and how to run one app alone against the same services.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_PORTS, ROOT, portOf } from './apps.mjs';

const DEFAULT_IDENTITY_FILE = 'config/identity.default.json';

/** The demo user of the identity file; its password only where it is known (the default file). */
function demoCredentials(env) {
  const file = env.IDENTITY_FILE || DEFAULT_IDENTITY_FILE;
  const known = resolve(ROOT, file) === resolve(ROOT, DEFAULT_IDENTITY_FILE);
  try {
    const identity = JSON.parse(readFileSync(resolve(ROOT, file), 'utf8'));
    const user = identity.users.find((u) => u.name === 'demo') ?? identity.users[0];
    const tenant = identity.tenants.find((t) => t.name === user.tenants[0]);
    return { username: user.name, password: known ? user.name : undefined, tenantName: tenant.name, tenantId: tenant.id, file };
  } catch {
    return { file };
  }
}

export function tokenCurl(identityUrl, { username, password, tenantName }) {
  const q = JSON.stringify;
  const body = `{"auth": {"passwordCredentials": {"username": ${q(username)}, "password": ${q(password)}}, "tenantName": ${q(tenantName)}}}`;
  return `curl -s -X POST ${identityUrl}/tokens -H 'Content-Type: application/json' \\\n  -d '${body}'`;
}

/** `{ text, fields }` for the output's banner(). */
export function readyBanner({ apps, env, postgres, nats, dataDir }) {
  const lines = [];
  const fields = { apps, databaseUrl: postgres.url, natsUrl: nats.url };
  const row = (label, value) => lines.push(`  ${label.padEnd(18)}${value}`);
  lines.push(`nova-es is ready: ${apps.join(', ')}`);
  if (apps.includes('api-gateway')) {
    const base = (env.PUBLIC_URL || `http://127.0.0.1:${portOf('api-gateway', env)}`).replace(/\/+$/, '');
    const credentials = demoCredentials(env);
    Object.assign(fields, { apiUrl: `${base}/v1.1/`, identityUrl: `${base}/v2.0/` });
    row('Compute API', `${base}/v1.1/${credentials.tenantId ?? '{tenant_id}'}  (Nova v1.1, JSON or XML)`);
    row('Identity', `${base}/v2.0/tokens  (Keystone v2.0)`);
    if (credentials.password) {
      row('Log in as', `${credentials.username} / ${credentials.password}, tenant ${credentials.tenantName} (${credentials.tenantId})`);
      const curl = tokenCurl(`${base}/v2.0`, credentials);
      Object.assign(fields, { username: credentials.username, password: credentials.password, tenantName: credentials.tenantName, tenantId: credentials.tenantId, tokenCurl: curl });
      lines.push('', '  Get a token (access.token.id in the answer):', ...curl.split('\n').map((l) => `    ${l}`));
      lines.push('  then:', `    curl -s ${base}/v1.1/${credentials.tenantId}/flavors -H 'X-Auth-Token: <token id>'`, '');
    } else {
      row('Log in as', `a user of ${credentials.file}`);
    }
  }
  row('Health, metrics', apps.map((app) => `:${portOf(app, env)}`).join(' ') + '  (/healthz /readyz /metrics)');
  row('Postgres', postgres.description);
  row('NATS', nats.description);
  row('Data', dataDir);
  const shared = `DATABASE_URL=${postgres.url} NATS_URL=${nats.url}`;
  const alone = apps.find((app) => app !== 'api-gateway') ?? 'scheduler';
  lines.push('', `  One more app on the same services (e.g. a second ${alone}, on another port):`);
  lines.push(`    ${shared} ${alone.replace(/-/g, '_').toUpperCase()}_PORT=${DEFAULT_PORTS[alone] + 100} npm run start:${alone}`);
  lines.push('  Ctrl-C stops everything: the apps first, then what npm start started.');
  const rule = '-'.repeat(78);
  return { text: [rule, ...lines, rule].join('\n'), fields };
}

export const relativeData = (dataDir) => (dataDir.startsWith(ROOT) ? join('.', dataDir.slice(ROOT.length)) : dataDir);
