// Writes config/identity.load.json, the identity file for load runs over many tenants:
//   npx tsx scripts/load/make-identity.ts [--count 20] [--out config/identity.load.json]
// Then start the stack with IDENTITY_FILE=config/identity.load.json (docs/load-testing.md).

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type IdentityFileShape, makeLoadIdentity } from './identity-file';
import { DEFAULT_LOAD_TENANTS, LOAD_IDENTITY_FILE } from './load-tenants';

const ROOT = join(__dirname, '..', '..');

function main(): number {
  const { values } = parseArgs({ options: { count: { type: 'string', default: String(DEFAULT_LOAD_TENANTS) }, out: { type: 'string', default: LOAD_IDENTITY_FILE } } });
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 1 || count > 999) {
    console.error(`make-identity: --count must be an integer from 1 to 999, got '${values.count}'`);
    return 2;
  }
  const defaults = JSON.parse(readFileSync(join(ROOT, 'config', 'identity.default.json'), 'utf8')) as IdentityFileShape;
  const out = join(ROOT, values.out!);
  writeFileSync(out, `${JSON.stringify(makeLoadIdentity(defaults, count), null, 2)}\n`);
  console.log(`make-identity: wrote ${values.out} with ${count} load tenants and the default demo, alt and admin`);
  return 0;
}

process.exitCode = main();
