// The quota service as two built processes (two replicas in the NATS queue group `quota`)
// against a scratch database, asked over NATS through the QuotaClient every app gets from
// quotaClientProvider: limits and defaults, reserve/commit/rollback with typed refusals, the
// race of many reserves for the last free slots across both replicas, expiry by the
// sweepers, an admin's change as an event, and usage that follows the resources' events and
// equals what the log says.

import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { QuotaExceededError, ReservationNotFoundError } from '@app/contracts';
import { PgPoolDb, PostgresEventStore } from '@app/event-store';
import { createQuotaClient, type QuotaRpcClient } from '@app/platform';
import { auditUsage } from '../../apps/quota/src/usage/usage-audit';
import { waitFor } from '../harness/wait-for';
import { AppProcess, ensureBuilt } from './support/app-process';
import { freePort } from './support/free-port';
import { get } from './support/http';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { deleteEventsStream } from './support/events-stream';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const TTL_SECONDS = 2;

describe('the quota service, two replicas over NATS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quota-e2e-'));
  const namespace = `q${randomBytes(4).toString('hex')}`;
  const configuredTenant = `${namespace}-configured`;
  const replicas: { process: AppProcess; port: number }[] = [];
  let database: ScratchDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  let quota: QuotaRpcClient;
  let tenantSeq = 0;
  const newTenant = () => `${namespace}-${++tenantSeq}`;
  const req = (n: string | number = 0) => `req-quota-e2e-${n}`;
  const diagnostics = () => replicas.map((r, i) => `--- quota #${i + 1}\n${r.process.tail()}`).join('\n');

  async function startReplica(env: Record<string, string> = {}): Promise<{ process: AppProcess; port: number }> {
    const port = await freePort();
    const child = new AppProcess('quota', {
      DATABASE_URL: database.url,
      NATS_URL,
      NATS_NAMESPACE: namespace,
      QUOTA_PORT: String(port),
      RESERVATION_TTL_SECONDS: String(TTL_SECONDS),
      QUOTA_SWEEP_INTERVAL_MS: '200',
      QUOTA_LIMITS_FILE: join(dir, 'limits.json'),
      LOG_LEVEL: 'warn',
      ...env,
    });
    return { process: child, port };
  }

  /** Appends an event to the stack's log, as the app owning the resource would. */
  async function emit(stream: string, type: string, data: Record<string, unknown>): Promise<void> {
    await store.append(stream, 'any', [{ type, data }], { correlationId: req('emit'), tenantId: String(data.tenantId), producer: 'e2e' });
  }

  /** The tenant's usage rows as the replicas left them (committed + reserved). */
  async function used(tenantId: string, resource: string): Promise<number> {
    const rows = await pool.query<{ used: number }>(`SELECT in_use + reserved AS used FROM quota.quota_usages WHERE tenant_id = $1 AND resource = $2`, [tenantId, resource]);
    return rows.rows[0]?.used ?? 0;
  }

  async function reservesServed(port: number): Promise<number> {
    const text = (await get(`http://127.0.0.1:${port}/metrics`)).text;
    return [...text.matchAll(/^nova_quota_requests_total\{[^}]*pattern="quota\.reserve"[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
  }

  beforeAll(async () => {
    ensureBuilt();
    writeFileSync(join(dir, 'limits.json'), JSON.stringify({ [configuredTenant]: { instances: 3, floating_ips: -1 } }));
    database = await createScratchDatabase('quota');
    pool = new Pool({ connectionString: database.url, max: 4 });
    store = new PostgresEventStore(new PgPoolDb(pool), { schema: 'event_store' });
    // One after the other, so the second does not race the first's migrations for the log.
    for (let i = 0; i < 2; i++) {
      const replica = await startReplica();
      replicas.push(replica);
      await waitFor(`quota replica ${i + 1} ready`, async () => (await get(`http://127.0.0.1:${replica.port}/readyz`)).status === 200, {
        timeoutMs: 60_000, detail: diagnostics,
      });
    }
    quota = createQuotaClient({ natsServers: [NATS_URL], natsNamespace: namespace, name: 'quota-e2e' }, { timeoutMs: 5000 });
  }, 120_000);

  afterAll(async () => {
    await quota?.onApplicationShutdown();
    for (const r of replicas) r.process.signal('SIGTERM');
    await Promise.all(replicas.map((r) => r.process.exitWithin(15_000).catch(() => r.process.signal('SIGKILL'))));
    await pool?.end();
    await database?.drop();
    await deleteEventsStream(namespace);
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it("answers the defaults, and a tenant's limits from the configuration file over them", async () => {
    expect(await quota.defaults()).toEqual({
      instances: 20, cores: 20, ram: 102400, floating_ips: 10, metadata_items: 50, image_metadata_items: 50,
      injected_files: 5, injected_file_content_bytes: 10240, security_groups: 10, security_group_rules: 20,
    });
    const configured = await quota.limits({ tenantId: configuredTenant });
    expect(configured.limits).toMatchObject({ instances: 3, floating_ips: -1, cores: 20 });
    expect(configured.inUse).toMatchObject({ instances: 0, cores: 0, ram: 0 });
  });

  it('reserves, commits and rolls back; refusals arrive as the typed errors', async () => {
    const tenantId = newTenant();
    const held = await quota.reserve({ tenantId, deltas: { instances: 2, cores: 4, ram: 4096 }, correlationId: req(1) });
    expect(held.reservationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await quota.limits({ tenantId })).toMatchObject({ inUse: { instances: 2, cores: 4, ram: 4096 }, reserved: { instances: 2, cores: 4, ram: 4096 } });
    expect(await quota.commit({ reservationId: held.reservationId, correlationId: req(1) })).toBeNull();
    expect(await quota.limits({ tenantId })).toMatchObject({ inUse: { instances: 2, cores: 4 }, reserved: { instances: 0, cores: 0 } });

    const dropped = await quota.reserve({ tenantId, deltas: { cores: 16 }, correlationId: req(2) });
    const refusal = await quota.reserve({ tenantId, deltas: { instances: 1, cores: 1 }, correlationId: req(3) }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(QuotaExceededError);
    expect(refusal).toMatchObject({ resource: 'cores', limit: 20, used: 20, requested: 1, message: 'Quota exceeded for cores: requested 1, but already used 20 of 20' });
    await quota.rollback({ reservationId: dropped.reservationId, correlationId: req(2) });
    expect(await quota.limits({ tenantId })).toMatchObject({ inUse: { cores: 4 }, reserved: { cores: 0 } });
    await expect(quota.commit({ reservationId: dropped.reservationId, correlationId: req(2) })).rejects.toThrow(ReservationNotFoundError);
    await expect(quota.reserve({ tenantId, deltas: { volumes: 1 } as never, correlationId: req(4) })).rejects.toThrow("'volumes' cannot be reserved");
    await expect(quota.commit({ reservationId: 'not-a-uuid', correlationId: req(4) })).rejects.toThrow('reservationId must be a UUID');
  });

  it('counts how many instances fit', async () => {
    const tenantId = newTenant();
    await quota.reserve({ tenantId, deltas: { cores: 15 }, correlationId: req(5) });
    expect(await quota.countFit({ tenantId, perInstance: { cores: 2, ram: 2048 }, maxCount: 10 })).toEqual({ fits: 2, limitedBy: 'cores' });
    expect(await quota.countFit({ tenantId, perInstance: { cores: 0, ram: 512 }, maxCount: 10 })).toEqual({ fits: 10 });
    expect(await quota.countFit({ tenantId: configuredTenant, perInstance: { cores: 1, ram: 512 }, maxCount: 10 })).toEqual({ fits: 3, limitedBy: 'instances' });
  });

  it('lets exactly 5 of 50 parallel reserves through both replicas take the last 5 instance slots, never passing the limit', async () => {
    const tenantId = newTenant();
    const held = await quota.reserve({ tenantId, deltas: { instances: 15 }, correlationId: req(6) });
    await quota.commit({ reservationId: held.reservationId, correlationId: req(6) });
    const servedBefore = await Promise.all(replicas.map((r) => reservesServed(r.port)));

    let racing = true;
    let highest = 0;
    const sampler = (async () => {
      while (racing) {
        highest = Math.max(highest, await used(tenantId, 'instances'));
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => quota.reserve({ tenantId, deltas: { instances: 1, cores: 0, ram: 512 }, correlationId: req(`race-${i}`) })),
    );
    racing = false;
    await sampler;

    const granted = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => o.reason);
    expect(granted).toHaveLength(5);
    expect(refused).toHaveLength(45);
    for (const error of refused) {
      expect(error).toBeInstanceOf(QuotaExceededError);
      expect(error).toMatchObject({ resource: 'instances', limit: 20, used: 20, requested: 1 });
    }
    expect(highest).toBeLessThanOrEqual(20);
    expect(await used(tenantId, 'instances')).toBe(20);
    // Both replicas took part.
    const servedAfter = await Promise.all(replicas.map((r) => reservesServed(r.port)));
    const served = servedAfter.map((n, i) => n - servedBefore[i]);
    expect(served[0] + served[1]).toBe(50);
    expect(Math.min(...served)).toBeGreaterThan(0);
  });

  it('releases a reservation nobody settles once it expires, by one of the sweepers', async () => {
    const tenantId = newTenant();
    const { reservationId, expiresAt } = await quota.reserve({ tenantId, deltas: { floating_ips: 2 }, correlationId: req(7) });
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(TTL_SECONDS * 1000 + 500);
    await waitFor('the expired reservation released', async () => (await quota.limits({ tenantId })).reserved.floating_ips === 0, { timeoutMs: 15_000 });
    expect((await quota.limits({ tenantId })).inUse.floating_ips).toBe(0);
    await expect(quota.commit({ reservationId, correlationId: req(7) })).rejects.toThrow(ReservationNotFoundError);
    await quota.rollback({ reservationId, correlationId: req(7) });
  });

  it("records an admin's change as QuotaLimitsSet in quota-<tenant>, and it takes effect on every replica", async () => {
    const tenantId = newTenant();
    const limits = await quota.updateLimits({ tenantId, limits: { instances: 1, ram: -1 }, correlationId: req(8), userId: 'admin-1' });
    expect(limits).toMatchObject({ instances: 1, ram: -1, cores: 20 });
    const events = await store.readStream(`quota-${tenantId}`);
    expect(events.map((e) => ({ type: e.type, data: e.data }))).toEqual([{ type: 'QuotaLimitsSet', data: { tenantId, limits: { instances: 1, ram: -1 } } }]);
    expect(events[0].metadata).toMatchObject({ correlationId: req(8), userId: 'admin-1', producer: 'quota' });
    await quota.reserve({ tenantId, deltas: { instances: 1, ram: 1_000_000 }, correlationId: req(9) });
    for (let i = 0; i < 4; i++) {
      await expect(quota.reserve({ tenantId, deltas: { instances: 1 }, correlationId: req(9) })).rejects.toMatchObject({ resource: 'instances', limit: 1, used: 1 });
    }
    await expect(quota.updateLimits({ tenantId, limits: { instances: -3 }, correlationId: req(10), userId: 'admin-1' })).rejects.toThrow('instances must be an integer >= -1');
  });

  it('follows the usage events of servers, floating IPs and security groups, and usage recomputed from the log equals the stored usage', async () => {
    const tenantId = newTenant();
    const { reservationId } = await quota.reserve({ tenantId, deltas: { instances: 1, cores: 2, ram: 2048 }, correlationId: req(11) });
    const [a, b] = [`server-${randomUUID()}`, `server-${randomUUID()}`];
    const group = `securitygroup-${randomUUID()}`;
    await emit(a, 'ServerCreateRequested', { tenantId, vcpus: 2, ramMb: 2048, reservationId });
    await emit(b, 'ServerCreateRequested', { tenantId, vcpus: 1, ramMb: 512 });
    await emit(`floatingip-${randomUUID()}`, 'FloatingIpAllocated', { tenantId });
    await emit(group, 'SecurityGroupCreated', { tenantId });
    await emit(group, 'SecurityGroupRuleCreated', { tenantId, ruleId: 'r1' });
    await emit(b, 'ServerDeleted', { tenantId });
    const expected = { instances: 1, cores: 2, ram: 2048, floating_ips: 1, security_groups: 1, security_group_rules: 1 };
    await waitFor('usage to follow the events', async () => {
      const { inUse, reserved } = await quota.limits({ tenantId });
      return JSON.stringify(inUse) === JSON.stringify(expected) && reserved.instances === 0;
    }, { timeoutMs: 20_000, detail: diagnostics });

    const audit = await waitFor('every usage event applied', async () => {
      const report = await auditUsage({ db: new PgPoolDb(pool), store, schema: 'quota' });
      return report.unapplied === 0 ? report : undefined;
    });
    expect(audit).toMatchObject({ equal: true, differences: [], reservedDifferences: [] });
    expect(audit.usageEventsApplied).toBeGreaterThanOrEqual(6);
  });
});

describe('a quota app with a wrong limits file', () => {
  it('exits 1 with one line on stderr naming the file and the problem', async () => {
    ensureBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'quota-e2e-bad-'));
    const file = join(dir, 'limits.json');
    writeFileSync(file, JSON.stringify({ '10000000000001': { instances: 'many' } }));
    try {
      const child = new AppProcess('quota', { QUOTA_LIMITS_FILE: file, QUOTA_PORT: String(await freePort()) });
      const exit = await child.exitWithin(15_000);
      expect(exit).toEqual({ code: 1, signal: null });
      expect(child.stderr.join('').trimEnd().split('\n')).toEqual([
        `config: QUOTA_LIMITS_FILE ${file} tenant '10000000000001': instances must be an integer >= -1 (-1 is unlimited), got "many"`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
