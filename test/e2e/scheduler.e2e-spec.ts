// The scheduler as two built processes (two replicas sharing the durable consumers) against a
// scratch database: hosts registered through the log and kept alive by heartbeats on NATS,
// create requests appended as the gateway would, decisions read back from the server streams,
// claims from the scheduler's tables, and the numbers on /metrics. A wrong setting stops it
// with one line.

import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { COMPUTE_HEARTBEAT_PATTERN, requestSubject } from '@app/contracts';
import { PgPoolDb, PostgresEventStore } from '@app/event-store';
import { waitFor } from '../harness/wait-for';
import { AppProcess, ensureBuilt } from './support/app-process';
import { deleteEventsStream } from './support/events-stream';
import { freePort } from './support/free-port';
import { get } from './support/http';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

describe('the scheduler, two replicas', () => {
  const namespace = `s${randomBytes(4).toString('hex')}`;
  const replicas: { process: AppProcess; port: number }[] = [];
  let database: ScratchDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  let nc: NatsConnection;
  let pump: NodeJS.Timeout;
  const diagnostics = () => replicas.map((r, i) => `--- scheduler #${i + 1}\n${r.process.tail()}`).join('\n');
  const meta = { correlationId: 'req-scheduler-e2e', producer: 'e2e' };

  function startReplica(port: number, env: Record<string, string> = {}): AppProcess {
    return new AppProcess('scheduler', {
      DATABASE_URL: database.url, NATS_URL, NATS_NAMESPACE: namespace, SCHEDULER_PORT: String(port), LOG_LEVEL: 'warn',
      SERVICE_DOWN_TIME_MS: '2000', SCHEDULER_HOST_REFRESH_MS: '200', ...env,
    });
  }

  async function requestServer(ramMb: number): Promise<string> {
    const uuid = randomUUID();
    await store.append(`server-${uuid}`, 0, [{
      type: 'ServerCreateRequested',
      data: {
        serverId: 1, tenantId: 't1', userId: 'u1', name: 'vm', imageUuid: randomUUID(), imageId: '1', flavorId: '1', vcpus: 1, ramMb, diskGb: 10, metadata: {}, personality: [],
        userData: null, keyName: null, publicKey: null, securityGroups: [], configDrive: false, accessIPv4: '', accessIPv6: '', availabilityZone: null,
        multiCreateId: 'r-00000001', requestedAt: new Date().toISOString(),
      },
    }], { ...meta, tenantId: 't1' });
    return uuid;
  }

  async function decision(uuid: string): Promise<{ type: string; data: Record<string, unknown> }> {
    return waitFor(`a decision for ${uuid}`, async () => (await store.readStream(`server-${uuid}`)).find((e) => e.type === 'ServerScheduled' || e.type === 'ServerSchedulingFailed') as never, {
      timeoutMs: 20_000, detail: diagnostics,
    });
  }

  beforeAll(async () => {
    ensureBuilt();
    database = await createScratchDatabase('scheduler');
    pool = new Pool({ connectionString: database.url, max: 4 });
    // A connection still closing when the scratch database is dropped is terminated: expected.
    pool.on('error', () => undefined);
    store = new PostgresEventStore(new PgPoolDb(pool), { schema: 'event_store' });
    nc = await connect({ servers: NATS_URL });
    const subject = requestSubject(namespace, COMPUTE_HEARTBEAT_PATTERN);
    pump = setInterval(() => nc.publish(subject, JSON.stringify({ agentId: 'e2e-agent', hostCount: 2, downHosts: [], at: new Date().toISOString() })), 200);
    // One after the other, so the second does not race the first's migrations for the log.
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      replicas.push({ process: startReplica(port), port });
      await waitFor(`scheduler replica ${i + 1} ready`, async () => (await get(`http://127.0.0.1:${port}/readyz`)).status === 200, { timeoutMs: 60_000, detail: diagnostics });
    }
  }, 120_000);

  afterAll(async () => {
    clearInterval(pump);
    for (const r of replicas) r.process.signal('SIGTERM');
    await Promise.all(replicas.map((r) => r.process.exitWithin(15_000).catch(() => r.process.signal('SIGKILL'))));
    await nc?.close();
    await pool?.end();
    await database?.drop();
    await deleteEventsStream(namespace);
  }, 30_000);

  it('registers hosts from the log, schedules on the one with most free RAM, and fails with the trace when none fits', async () => {
    for (const [host, ramMb] of [['e2e-agent-host-1', 4096], ['e2e-agent-host-2', 8192]] as const) {
      await store.append(`host-${host}`, 'any', [{ type: 'ComputeHostRegistered', data: { host, agentId: 'e2e-agent', availabilityZone: 'nova', vcpus: 4, ramMb, diskGb: 100, at: new Date().toISOString() } }], meta);
    }
    await waitFor('both hosts up on both replicas', async () => {
      const texts = await Promise.all(replicas.map(async (r) => (await get(`http://127.0.0.1:${r.port}/metrics`)).text));
      return texts.every((t) => /^nova_scheduler_hosts\{[^}]*state="up"[^}]*\} 2$/m.test(t));
    }, { timeoutMs: 15_000, detail: diagnostics });

    const first = await decision(await requestServer(2048));
    expect(first).toMatchObject({ type: 'ServerScheduled', data: { host: 'e2e-agent-host-2', agentId: 'e2e-agent', availabilityZone: 'nova' } });
    const claims = await database.query<{ host: string; ram_mb: number }>('SELECT host, ram_mb FROM scheduler.claims');
    expect(claims).toEqual([{ host: 'e2e-agent-host-2', ram_mb: 2048 }]);

    const none = await decision(await requestServer(64 * 1024));
    expect(none).toMatchObject({
      type: 'ServerSchedulingFailed',
      data: { fault: { code: 500, message: 'No valid host was found. ', details: 'Filter ComputeFilter returned 2 host(s); Filter RamFilter returned 0 host(s)' } },
    });

    const texts = await Promise.all(replicas.map(async (r) => (await get(`http://127.0.0.1:${r.port}/metrics`)).text));
    const count = (outcome: string) => texts.reduce((n, t) => n + Number(t.match(new RegExp(`^nova_scheduler_decisions_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)$`, 'm'))?.[1] ?? 0), 0);
    expect([count('scheduled'), count('no_valid_host')]).toEqual([1, 1]);
    expect(texts[0]).toContain('nova_scheduler_decision_seconds_bucket');
  });

  it('stops with one line naming a wrong setting', async () => {
    const bad = startReplica(await freePort(), { SCHEDULER_RAM_ALLOCATION_RATIO: 'lots' });
    expect(await bad.exitWithin(15_000)).toEqual({ code: 1, signal: null });
    expect(bad.stderr.join('').trim()).toBe("config: SCHEDULER_RAM_ALLOCATION_RATIO must be a number above 0 and up to 1000, got 'lots'");
  });
});
