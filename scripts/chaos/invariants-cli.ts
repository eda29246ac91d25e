// npm run invariants -- [--database-url URL] [--nats-url URL --namespace NS] [--load-report FILE]
//                       [--out-json FILE] [--limit N]
// Checks the invariants of ../shared/DESIGN.md against a settled stack (invariants.ts), prints
// one line per invariant and the violations, and exits 1 on any violation (2 if it could not
// check). Defaults: DATABASE_URL, NATS_URL and NATS_NAMESPACE from the environment (the
// consumers are checked only when a NATS URL is given or set); the schemas as the apps name
// them (EVENT_STORE_SCHEMA, API_GATEWAY_SCHEMA, ... override). A load report (npm run load's
// JSON, or a chaos report) adds the check that every accepted create is in the log.

import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { acceptedCreatesOf, checkInvariants, formatInvariantReport, ratiosFrom, stackSchemasFrom } from './invariants';

const USAGE = 'usage: npm run invariants -- [--database-url URL] [--nats-url URL --namespace NS] [--load-report FILE] [--out-json FILE] [--limit N]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      'nats-url': { type: 'string' },
      namespace: { type: 'string' },
      'load-report': { type: 'string' },
      'out-json': { type: 'string' },
      limit: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const env = process.env;
  const natsUrl = values['nats-url'] ?? env.NATS_URL;
  const report = await checkInvariants({
    databaseUrl: values['database-url'] ?? env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    schemas: stackSchemasFrom(env),
    ratios: ratiosFrom(env),
    acceptedCreates: values['load-report'] ? acceptedCreatesOf(JSON.parse(readFileSync(values['load-report'], 'utf8'))) : undefined,
    nats: natsUrl ? { url: natsUrl, namespace: values.namespace ?? env.NATS_NAMESPACE ?? '' } : undefined,
  });
  for (const line of formatInvariantReport(report, Number(values.limit ?? 20))) console.log(line);
  if (values['out-json']) writeFileSync(values['out-json'], `${JSON.stringify(report, null, 2)}\n`);
  return report.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`invariants: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  },
);
