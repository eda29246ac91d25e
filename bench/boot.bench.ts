// Benchmark of the whole build flow: starts the built stack (all five apps, the compute agent
// with the zero-delay profile and N hosts) on a scratch database and NATS namespace, boots N
// servers through the HTTP API at a given concurrency, waits until every one is ACTIVE, deletes
// them, and prints boots per second, create-to-ACTIVE p50/p99 (from the servers' own events),
// POST /servers and GET /servers/{id} latencies, the scheduler's decision latency (its metrics),
// and each app's CPU time and memory. Run: npm run build && npm run bench:boot
//
//   BOOT_SERVERS=1000 BOOT_CONCURRENCY=32 BOOT_HOSTS=1000 BOOT_TENANTS=3 npm run bench:boot

import { readFileSync } from 'node:fs';
import { Pool } from 'pg';
import { DEFAULT_TENANTS, type Gateway, startGateway } from '../test/e2e/support/gateway';
import { waitFor } from '../test/harness/wait-for';

const SERVERS = Number(process.env.BOOT_SERVERS ?? '1000');
const CONCURRENCY = Number(process.env.BOOT_CONCURRENCY ?? '32');
const HOSTS = Number(process.env.BOOT_HOSTS ?? String(SERVERS));
const TENANTS = Math.min(3, Math.max(1, Number(process.env.BOOT_TENANTS ?? '3')));
const APPS = ['quota', 'network', 'scheduler', 'compute-agent'] as const;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

/** CPU seconds (user + system) and resident memory of a process, from /proc. */
function usage(pid: number): { cpuSeconds: number; rssMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rssPages = Number(fields[21]);
  return { cpuSeconds: ticks / 100, rssMiB: (rssPages * 4096) / 1024 / 1024 };
}

async function pool<T>(count: number, concurrency: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await work(i);
      }
    }),
  );
  return results;
}

async function metric(url: string, name: string): Promise<string[]> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text.split('\n').filter((line) => line.startsWith(name));
}

async function main(): Promise<void> {
  console.log(`bench:boot: ${SERVERS} servers, concurrency ${CONCURRENCY}, ${HOSTS} hosts, ${TENANTS} tenant(s), zero-delay profile`);
  const gw: Gateway = await startGateway(
    { DB_POOL_SIZE: '24' },
    {
      apps: [...APPS],
      // Connection pools sized to each app's concurrency, within Postgres's default 100 connections.
      appEnv: {
        'compute-agent': { COMPUTE_PROFILE: 'zero', COMPUTE_HOSTS: String(HOSTS), COMPUTE_AGENT_ID: 'bench', DB_POOL_SIZE: '16' },
        scheduler: { DB_POOL_SIZE: '20' },
        quota: { DB_POOL_SIZE: '10' },
        network: { DB_POOL_SIZE: '10' },
      },
    },
  );
  const db = new Pool({ connectionString: gw.database.url, max: 2 });
  try {
    // Servers are spread over the default tenants (quota is checked per tenant, under a lock
    // per tenant as in Nova, so one tenant alone serialises its creates), each made unlimited.
    const admin = await gw.token('admin');
    const users = (['demo', 'alt', 'admin'] as const).slice(0, TENANTS);
    const tenants = await Promise.all(users.map(async (user) => ({ token: await gw.token(user), base: `/v1.1/${DEFAULT_TENANTS[user]}` })));
    const unlimited = { instances: -1, cores: -1, ram: -1 };
    for (const user of users) {
      const quota = await gw.call('PUT', `/v1.1/${DEFAULT_TENANTS.admin}/os-quota-sets/${DEFAULT_TENANTS[user]}`, { token: admin, body: { quota_set: unlimited } });
      if (quota.status !== 200) throw new Error(`quota: ${quota.status} ${quota.text}`);
    }
    const tenantOf = (i: number) => tenants[i % tenants.length];
    const pids = { 'api-gateway': gw.process.pid, ...Object.fromEntries(APPS.map((a) => [a, gw.apps[a]!.pid])) } as Record<string, number>;
    const before = Object.fromEntries(Object.entries(pids).map(([app, pid]) => [app, usage(pid)]));

    const postMs: number[] = [];
    const started = performance.now();
    const ids = await pool(SERVERS, CONCURRENCY, async (i) => {
      const t = performance.now();
      const { base, token } = tenantOf(i);
      const response = await gw.call('POST', `${base}/servers`, { token, body: { server: { name: `boot-${i}`, imageRef: '120', flavorRef: '100' } } });
      postMs.push(performance.now() - t);
      if (response.status !== 202) throw new Error(`POST /servers: ${response.status} ${response.text}`);
      return response.json().server.id as string;
    });
    const accepted = performance.now();
    const active = await waitFor(
      `${SERVERS} servers ACTIVE`,
      async () => {
        const { rows } = await db.query(`SELECT count(*) FILTER (WHERE vm_state = 'ACTIVE' AND task_state IS NULL)::int AS active, count(*) FILTER (WHERE vm_state = 'ERROR')::int AS error FROM api_gateway.servers`);
        if (rows[0].error > 0) throw new Error(`${rows[0].error} servers in ERROR`);
        return rows[0].active === SERVERS ? performance.now() : undefined;
      },
      { timeoutMs: 600_000, intervalMs: 50 },
    );
    const seconds = (active - started) / 1000;

    const getMs: number[] = [];
    await pool(Math.min(SERVERS, 1000), CONCURRENCY, async (i) => {
      const t = performance.now();
      const { base, token } = tenantOf(i);
      const response = await gw.call('GET', `${base}/servers/${ids[i]}`, { token });
      getMs.push(performance.now() - t);
      if (response.status !== 200) throw new Error(`GET /servers/${ids[i]}: ${response.status}`);
    });

    const { rows: spans } = await db.query<{ ms: number }>(
      `SELECT extract(epoch FROM (b.recorded_at - c.recorded_at)) * 1000 AS ms
         FROM event_store.events c JOIN event_store.events b ON b.stream_name = c.stream_name AND b.type = 'ServerBuilt'
        WHERE c.type = 'ServerCreateRequested'`,
    );
    const createToActive = spans.map((r) => Number(r.ms));
    const after = Object.fromEntries(Object.entries(pids).map(([app, pid]) => [app, usage(pid)]));

    console.log(`boots:                 ${SERVERS} ACTIVE in ${seconds.toFixed(2)} s = ${(SERVERS / seconds).toFixed(0)} boots/s (all accepted after ${((accepted - started) / 1000).toFixed(2)} s)`);
    console.log(`create -> ACTIVE:      p50 ${ms(percentile(createToActive, 50))}, p99 ${ms(percentile(createToActive, 99))} (from the servers' events)`);
    console.log(`POST /servers:         p50 ${ms(percentile(postMs, 50))}, p99 ${ms(percentile(postMs, 99))}`);
    console.log(`GET /servers/{id}:     p50 ${ms(percentile(getMs, 50))}, p99 ${ms(percentile(getMs, 99))}`);
    const scheduler = gw.apps.scheduler!;
    if (scheduler.port) for (const line of await metric(`http://127.0.0.1:${scheduler.port}`, 'scheduler_decision_seconds')) if (/quantile|_sum|_count/.test(line)) console.log(`  ${line}`);
    for (const [app, pid] of Object.entries(pids)) {
      const cpu = after[app].cpuSeconds - before[app].cpuSeconds;
      console.log(`${app.padEnd(14)} cpu ${cpu.toFixed(1)} s during the boots, rss ${after[app].rssMiB.toFixed(0)} MiB (pid ${pid})`);
    }

    const deleteStart = performance.now();
    await pool(SERVERS, CONCURRENCY, async (i) => {
      const { base, token } = tenantOf(i);
      const response = await gw.call('DELETE', `${base}/servers/${ids[i]}`, { token });
      if (response.status !== 204) throw new Error(`DELETE: ${response.status} ${response.text}`);
    });
    await waitFor('every server DELETED', async () => {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM api_gateway.servers WHERE vm_state <> 'DELETED'`);
      return rows[0].n === 0;
    }, { timeoutMs: 600_000, intervalMs: 50 });
    console.log(`deletes:               ${SERVERS} DELETED in ${((performance.now() - deleteStart) / 1000).toFixed(2)} s`);
  } finally {
    await db.end();
    await gw.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
