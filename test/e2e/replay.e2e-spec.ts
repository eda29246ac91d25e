// `npm run replay` against a stack that has done some work: every projection rebuilt from the
// log equals the live one (exit 0), and a row changed behind the log's back is reported
// (exit 1, naming the projection).

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_TENANTS, startGateway, type Gateway } from './support/gateway';

const ROOT = join(__dirname, '..', '..');

function replay(databaseUrl: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'replay.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('npm run replay', () => {
  let gw: Gateway;

  beforeAll(async () => {
    gw = await startGateway({}, { apps: ['quota'] });
  }, 180_000);
  afterAll(() => gw?.stop(), 60_000);

  it('finds every projection equal to its rebuild after real work, and reports drift', async () => {
    const demo = await gw.token('demo');
    const admin = await gw.token('admin');
    const base = `/v1.1/${DEFAULT_TENANTS.demo}`;
    expect((await gw.call('POST', `${base}/os-keypairs`, { token: demo, body: { keypair: { name: 'replay-1' } } })).status).toBe(200);
    expect((await gw.call('POST', `${base}/os-keypairs`, { token: demo, body: { keypair: { name: 'replay-2' } } })).status).toBe(200);
    expect((await gw.call('DELETE', `${base}/os-keypairs/replay-1`, { token: demo })).status).toBe(202);
    const adminBase = `/v1.1/${DEFAULT_TENANTS.admin}`;
    expect((await gw.call('POST', `${adminBase}/images/120/metadata`, { token: admin, body: { metadata: { replayed: 'yes' } } })).status).toBe(200);
    expect((await gw.call('PUT', `${adminBase}/os-quota-sets/${DEFAULT_TENANTS.demo}`, { token: admin, body: { quota_set: { instances: 7 } } })).status).toBe(200);

    const clean = replay(gw.database.url);
    expect(clean.output).toContain('api-gateway/keypairs: equal');
    expect(clean.output).toContain('api-gateway/images: equal');
    expect(clean.output).toContain('quota/quota-tenant-limits: equal');
    expect(clean.output).toContain('every projection equals its rebuild from the log');
    expect(clean.status).toBe(0);

    await gw.database.query(`UPDATE api_gateway.keypairs SET fingerprint = '00:00' WHERE name = 'replay-2'`);
    const drifted = replay(gw.database.url);
    expect(drifted.output).toContain('api-gateway/keypairs: DIFFERS');
    expect(drifted.status).toBe(1);
  }, 120_000);
});
