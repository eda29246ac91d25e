// One compute agent process simulating 10,000 hypervisor hosts: they all register (one
// ComputeHostRegistered each, in batches) before the agent is ready, the heartbeat counts them,
// the process stays under 500 MiB resident, and a restart registers none again. It prints how
// long registration took and the resident memory it measured (timings are not asserted).

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Pool } from 'pg';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { COMPUTE_HEARTBEAT_PATTERN, type ComputeHeartbeat, requestSubject } from '@app/contracts';
import { waitFor } from '../harness/wait-for';
import { AppProcess, mainOf } from './support/app-process';
import { deleteEventsStream } from './support/events-stream';
import { freePort } from './support/free-port';
import { get } from './support/http';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const HOSTS = 10_000;
const AGENT = 'fleet';
const MIB = 1024 * 1024;

describe(`one compute agent with ${HOSTS} hosts`, () => {
  const namespace = `h${randomBytes(4).toString('hex')}`;
  let database: ScratchDatabase;
  let pool: Pool;
  let nc: NatsConnection;
  let agent: AppProcess | undefined;
  const heartbeats: ComputeHeartbeat[] = [];

  async function start(): Promise<{ agent: AppProcess; readyMs: number }> {
    const port = await freePort();
    const began = Date.now();
    const child = new AppProcess('compute-agent', {
      DATABASE_URL: database.url, NATS_URL, NATS_NAMESPACE: namespace, COMPUTE_AGENT_PORT: String(port), LOG_LEVEL: 'info',
      COMPUTE_AGENT_ID: AGENT, COMPUTE_HOSTS: String(HOSTS), HOST_AVAILABILITY_ZONES: 'az1,az2,az3', COMPUTE_PROFILE: 'zero', HEARTBEAT_INTERVAL_MS: '500',
    });
    child.port = port;
    await waitFor('the agent ready', async () => {
      if (!child.running) throw new Error(`the agent exited: ${child.tail()}`);
      return (await get(`http://127.0.0.1:${port}/readyz`)).status === 200;
    }, { timeoutMs: 120_000, detail: () => child.tail() });
    return { agent: child, readyMs: Date.now() - began };
  }

  /** What the agent logged when it started: hosts registered and how long that took. */
  function startedLine(child: AppProcess): { registered: number; registerMs: number } {
    const line = child.stdout.join('').split('\n').find((l) => l.includes('"compute agent started"'));
    if (!line) throw new Error(`no start line in ${child.tail()}`);
    return JSON.parse(line) as { registered: number; registerMs: number };
  }

  async function residentBytes(port: number): Promise<number> {
    const text = (await get(`http://127.0.0.1:${port}/metrics`)).text;
    const match = /^process_resident_memory_bytes(?:\{[^}]*\})? (\d+)$/m.exec(text);
    if (!match) throw new Error('no process_resident_memory_bytes in /metrics');
    return Number(match[1]);
  }

  const registered = async () =>
    (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM event_store.events WHERE type = 'ComputeHostRegistered' AND data->>'agentId' = $1`, [AGENT])).rows[0].n;

  beforeAll(async () => {
    if (!existsSync(mainOf('compute-agent'))) throw new Error('build the compute agent first: npx nest build compute-agent');
    database = await createScratchDatabase('fleet');
    pool = new Pool({ connectionString: database.url, max: 2 });
    nc = await connect({ servers: NATS_URL, name: `${namespace}-test` });
    const sub = nc.subscribe(requestSubject(namespace, COMPUTE_HEARTBEAT_PATTERN));
    void (async () => {
      for await (const m of sub) heartbeats.push(m.json<ComputeHeartbeat>());
    })();
  }, 60_000);

  afterAll(async () => {
    agent?.signal('SIGTERM');
    await agent?.exitWithin(20_000).catch(() => agent?.signal('SIGKILL'));
    await nc?.drain();
    await pool?.end();
    await database?.drop();
    await deleteEventsStream(namespace);
  }, 60_000);

  it(`registers ${HOSTS} hosts before it is ready, heartbeats them, and stays under 500 MiB`, async () => {
    const first = await start();
    agent = first.agent;
    expect(await registered()).toBe(HOSTS);
    const { rows } = await pool.query<{ az: string; n: number }>(
      `SELECT data->>'availabilityZone' AS az, count(*)::int AS n FROM event_store.events WHERE type = 'ComputeHostRegistered' GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toEqual([{ az: 'az1', n: 3334 }, { az: 'az2', n: 3333 }, { az: 'az3', n: 3333 }]);
    const beat = await waitFor('a heartbeat', () => heartbeats.find((h) => h.agentId === AGENT));
    expect(beat).toMatchObject({ hostCount: HOSTS, downHosts: [] });
    const rss = await residentBytes(agent.port!);
    const { registered: now, registerMs } = startedLine(agent);
    expect(now).toBe(HOSTS);
    console.log(`compute agent with ${HOSTS} hosts: registered in ${registerMs} ms, ready in ${first.readyMs} ms, resident ${(rss / MIB).toFixed(1)} MiB`);
    expect(rss).toBeLessThan(500 * MIB);

    agent.signal('SIGTERM');
    await agent.exitWithin(20_000);
    const second = await start();
    agent = second.agent;
    expect(startedLine(agent).registered).toBe(0);
    console.log(`compute agent with ${HOSTS} hosts: restart ready in ${second.readyMs} ms (nothing to register)`);
    expect(await registered()).toBe(HOSTS);
  }, 300_000);
});
