// Behaviours acting inside the services, end to end, with every app built and running: a build
// step failed with the behaviour's fault (addresses released), steps and the scheduling delayed
// by a distribution (the step's events at least the drawn delay apart), no valid host on
// demand, sequences given in turn (the compute agent's and the scheduler's), failures drawn
// with a probability exactly as the seed predicts, and a durable consumer's messages dropped,
// delayed and duplicated while servers are created: every server still ends ACTIVE and
// `npm run replay` finds every projection equal to its rebuild from the log. Behaviours are
// written straight to the log (BehaviourCreated / BehaviourDeleted), as the control API would.
/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */

import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Pool } from 'pg';
import {
  type Behaviour, type BehaviourAction, type BehaviourCriteria, type Delay, type RecordedEvent, StreamCategory, behaviourRandom, sampleDelay, streamName,
} from '@app/contracts';
import { PgPoolDb, PostgresEventStore } from '@app/event-store';
import { parsePrometheus } from '../harness/prometheus-text';
import { waitFor } from '../harness/wait-for';
import { DEFAULT_TENANTS, type Gateway, startGateway } from './support/gateway';

const ROOT = join(__dirname, '..', '..');
const base = `/v1.1/${DEFAULT_TENANTS.demo}`;

describe('behaviours inside the scheduler, the compute agent and the consumers', () => {
  let gw: Gateway;
  let pool: Pool;
  let store: PostgresEventStore;
  let demo: string;
  /** Behaviours created and not deleted (nor expired), as every app should count them. */
  const inForce = new Set<string>();

  beforeAll(async () => {
    gw = await startGateway(
      {},
      {
        apps: ['quota', 'network', 'scheduler', 'compute-agent'],
        appEnv: { 'compute-agent': { COMPUTE_AGENT_ID: 'bh-agent', COMPUTE_HOSTS: '4', COMPUTE_PROFILE: 'zero', HEARTBEAT_INTERVAL_MS: '500' } },
      },
    );
    pool = new Pool({ connectionString: gw.database.url, max: 3 });
    store = new PostgresEventStore(new PgPoolDb(pool), { schema: 'event_store' });
    demo = await gw.token('demo');
    const admin = await gw.token('admin');
    const lifted = await gw.call('PUT', `/v1.1/${DEFAULT_TENANTS.admin}/os-quota-sets/${DEFAULT_TENANTS.demo}`, {
      token: admin, body: { quota_set: { instances: -1, cores: -1, ram: -1, floating_ips: -1 } },
    });
    expect(lifted.status).toBe(200);
  }, 240_000);

  afterAll(async () => {
    await pool?.end();
    await gw?.stop();
  }, 60_000);

  /** Every app's /metrics. */
  function metricsUrls(): string[] {
    return [`${gw.url}/metrics`, ...Object.values(gw.apps).map((app) => `http://127.0.0.1:${app!.port}/metrics`)];
  }

  async function metric(app: 'scheduler' | 'compute-agent' | 'api-gateway', name: string, labels: Record<string, string>): Promise<number> {
    const url = app === 'api-gateway' ? `${gw.url}/metrics` : `http://127.0.0.1:${gw.apps[app]!.port}/metrics`;
    const samples = parsePrometheus(await (await fetch(url)).text());
    return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);
  }

  /** Waits until every app counts the behaviours in force (their registries have seen the latest event). */
  async function seenByEveryApp(): Promise<void> {
    for (const url of metricsUrls()) {
      await waitFor(`${url} to see ${inForce.size} behaviour(s)`, async () => {
        const samples = parsePrometheus(await (await fetch(url)).text()).filter((s) => s.name === 'nova_behaviours_active');
        return samples.reduce((sum, s) => sum + s.value, 0) === inForce.size;
      }, { timeoutMs: 10_000 });
    }
  }

  async function createBehaviour(criteria: BehaviourCriteria, action: BehaviourAction, seed = 1): Promise<Behaviour> {
    const now = Date.now();
    const behaviour: Behaviour = {
      id: randomUUID(), criteria, action, seed, createdAt: new Date(now).toISOString(),
      expiresAt: action.kind === 'bus-fault' ? new Date(now + action.durationMs).toISOString() : null,
    };
    await store.append(streamName(StreamCategory.Behaviour, behaviour.id), 0, [{ type: 'BehaviourCreated', data: behaviour }], { correlationId: `req-${randomUUID()}`, producer: 'behaviours-e2e' });
    inForce.add(behaviour.id);
    await seenByEveryApp();
    return behaviour;
  }

  async function deleteBehaviour(behaviour: Behaviour): Promise<void> {
    await store.append(streamName(StreamCategory.Behaviour, behaviour.id), 1, [{ type: 'BehaviourDeleted', data: { id: behaviour.id, at: new Date().toISOString() } }], {
      correlationId: `req-${randomUUID()}`, producer: 'behaviours-e2e',
    });
    inForce.delete(behaviour.id);
  }

  async function create(name: string, more: Record<string, unknown> = {}): Promise<{ id: string; uuid: string }> {
    const response = await gw.call('POST', `${base}/servers`, { token: demo, body: { server: { name, imageRef: '120', flavorRef: '100', ...more } } });
    expect(response.status).toBe(202);
    return response.json().server;
  }

  async function server(id: string): Promise<any> {
    const response = await gw.call('GET', `${base}/servers/${id}`, { token: demo });
    return response.status === 200 ? response.json().server : { status: `HTTP ${response.status}` };
  }

  /** Waits for the server to settle in ACTIVE or ERROR (the API's view). */
  async function settled(id: string, timeoutMs = 30_000): Promise<any> {
    let last: any;
    return waitFor(`server ${id} to settle`, async () => ((last = await server(id)).status === 'ACTIVE' || last.status === 'ERROR' ? last : undefined), {
      timeoutMs, detail: () => last,
    });
  }

  async function events(uuid: string): Promise<RecordedEvent[]> {
    return store.readStream(`server-${uuid}`);
  }

  /** Milliseconds between the first events of two types in the server's stream. */
  async function gap(uuid: string, from: string, to: string): Promise<number> {
    const stream = await events(uuid);
    const at = (type: string) => {
      const event = stream.find((e) => e.type === type);
      if (!event) throw new Error(`server-${uuid} has no ${type}: ${stream.map((e) => e.type).join(', ')}`);
      return Date.parse(event.recordedAt);
    };
    return at(to) - at(from);
  }

  async function addressesHeld(uuid: string): Promise<number> {
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM network.allocated_addresses WHERE server_id = $1`, [uuid]);
    return rows[0].n;
  }

  it('fails the chosen build step with the behaviour fault, releasing the addresses; other servers build', async () => {
    const steps = ['networking', 'block_device_mapping', 'spawning'] as const;
    const behaviours = [];
    for (const step of steps) {
      const fault = step === 'spawning' ? { fault: { code: 503, message: 'The hypervisor refused the guest', details: 'chaos drill 7' } } : {};
      behaviours.push(await createBehaviour({ serverNameRegex: `^fail-at-${step}$` }, { kind: 'fail-build-step', step, ...fault }));
    }
    const servers = await Promise.all(steps.map((step) => create(`fail-at-${step}`)));
    const bystander = await create('not-failing', { metadata: { step: 'spawning' } });
    for (const [i, step] of steps.entries()) {
      const { id, uuid } = servers[i];
      const failed = await settled(id);
      expect(failed.status).toBe('ERROR');
      const built = (await events(uuid)).find((e) => e.type === 'ServerBuildFailed')!;
      expect(built.data).toMatchObject({ step });
      if (step === 'spawning') {
        expect(failed.fault).toMatchObject({ code: 503, message: 'The hypervisor refused the guest', details: 'chaos drill 7' });
      } else {
        expect(failed.fault).toMatchObject({ code: 500, message: `Injected by behaviour ${behaviours[i].id}: the ${step} step failed` });
        expect(failed.fault.details).toContain(`behaviour ${behaviours[i].id} (fail-build-step ${step}`);
      }
      // Networking was done (or undone) before each failure: nothing is held any more.
      expect(await addressesHeld(uuid)).toBe(0);
      expect(JSON.stringify(failed.addresses ?? {})).not.toContain('addr');
    }
    expect((await events(servers[2].uuid)).map((e) => e.type)).toContain('ServerNetworkAllocated');
    expect((await events(servers[0].uuid)).map((e) => e.type)).not.toContain('ServerNetworkAllocated');
    expect((await settled(bystander.id)).status).toBe('ACTIVE');
    expect(await metric('compute-agent', 'nova_behaviours_applied_total', { kind: 'fail-build-step' })).toBeGreaterThanOrEqual(3);
    expect(await metric('compute-agent', 'nova_compute_step_failures_total', { reason: 'behaviour' })).toBeGreaterThanOrEqual(3);
    for (const b of behaviours) await deleteBehaviour(b);
  }, 90_000);

  it('delays a build step and the scheduling by the delay drawn from the seed, the server and the step', async () => {
    const spawnDelay: Delay = { distribution: 'uniform', minMs: 800, maxMs: 1600 };
    const schedDelay: Delay = { distribution: 'normal', meanMs: 1200, stddevMs: 100 };
    const net = await createBehaviour({ serverNameRegex: '^slow-net$' }, { kind: 'delay-step', step: 'networking', delay: { distribution: 'fixed', ms: 1500 } });
    const spawn = await createBehaviour({ serverNameRegex: '^slow-spawn$' }, { kind: 'delay-step', step: 'spawning', delay: spawnDelay }, 77);
    const sched = await createBehaviour({ serverNameRegex: '^slow-sched$' }, { kind: 'delay-step', step: 'scheduling', delay: schedDelay }, 5);
    const [slowNet, slowSpawn, slowSched, quick] = await Promise.all([create('slow-net'), create('slow-spawn'), create('slow-sched'), create('quick')]);
    for (const s of [slowNet, slowSpawn, slowSched, quick]) expect((await settled(s.id)).status).toBe('ACTIVE');

    expect(await gap(slowNet.uuid, 'ServerNetworkingStarted', 'ServerNetworkAllocated')).toBeGreaterThanOrEqual(1500);
    const expectedSpawn = sampleDelay(spawnDelay, behaviourRandom({ seed: 77 }, Number(slowSpawn.id), 'spawning'));
    expect(expectedSpawn).toBeGreaterThanOrEqual(800);
    expect(await gap(slowSpawn.uuid, 'ServerSpawningStarted', 'ServerBuilt')).toBeGreaterThanOrEqual(expectedSpawn);
    // The plan was decided once, when the build was queued, and kept with its task.
    const { rows } = await pool.query(`SELECT behaviours FROM compute_agent.instance_tasks WHERE server_uuid = $1 AND kind = 'build'`, [slowSpawn.uuid]);
    expect(rows[0].behaviours).toEqual({ delays: [{ step: 'spawning', ms: expectedSpawn, behaviourId: spawn.id }], failure: null });
    const expectedSched = sampleDelay(schedDelay, behaviourRandom({ seed: 5 }, Number(slowSched.id), 'scheduling'));
    expect(await gap(slowSched.uuid, 'ServerCreateRequested', 'ServerScheduled')).toBeGreaterThanOrEqual(expectedSched);
    // A server no behaviour matches follows no plan.
    const quickTask = await pool.query(`SELECT behaviours FROM compute_agent.instance_tasks WHERE server_uuid = $1 AND kind = 'build'`, [quick.uuid]);
    expect(quickTask.rows[0].behaviours).toBeNull();
    expect(await gap(quick.uuid, 'ServerNetworkingStarted', 'ServerNetworkAllocated')).toBeLessThan(1500);
    expect(await metric('scheduler', 'nova_behaviours_applied_total', { kind: 'delay-step' })).toBeGreaterThanOrEqual(1);
    expect(await metric('compute-agent', 'nova_behaviours_applied_total', { kind: 'delay-step' })).toBeGreaterThanOrEqual(2);
    for (const b of [net, spawn, sched]) await deleteBehaviour(b);
  }, 90_000);

  it('fails the scheduling of matching servers with no valid host, naming the behaviour', async () => {
    const b = await createBehaviour({ metadata: { chaos: 'no-host' } }, { kind: 'fail-scheduling', message: 'the rack is on fire' });
    const [doomed, calm] = await Promise.all([create('doomed', { metadata: { chaos: 'no-host' } }), create('calm', { metadata: { chaos: 'calm' } })]);
    const failed = await settled(doomed.id);
    expect(failed.status).toBe('ERROR');
    expect(failed.fault).toMatchObject({ code: 500, message: 'No valid host was found. ', details: `Injected by behaviour ${b.id} (fail-scheduling): the rack is on fire` });
    expect((await events(doomed.uuid)).map((e) => [e.type, e.metadata.producer])).toEqual([['ServerCreateRequested', 'api-gateway'], ['ServerSchedulingFailed', 'scheduler']]);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM scheduler.claims WHERE server_uuid = $1`, [doomed.uuid]);
    expect(rows[0].n).toBe(0);
    expect((await settled(calm.id)).status).toBe('ACTIVE');
    expect(await metric('scheduler', 'nova_behaviours_applied_total', { kind: 'fail-scheduling' })).toBe(1);
    await deleteBehaviour(b);
  }, 60_000);

  it('gives the members of a sequence to successive matching servers, in the compute agent and in the scheduler', async () => {
    const build = await createBehaviour({ serverNameRegex: '^seq-' }, {
      kind: 'sequence', actions: [{ kind: 'fail-build-step', step: 'spawning' }, { kind: 'delay-step', step: 'networking', delay: { distribution: 'fixed', ms: 1200 } }],
    });
    const sched = await createBehaviour({ serverNameRegex: '^sseq-' }, {
      kind: 'sequence', actions: [{ kind: 'fail-scheduling' }, { kind: 'delay-step', step: 'scheduling', delay: { distribution: 'fixed', ms: 900 } }],
    });
    const outcomes: { status: string; uuid: string; fault?: any }[] = [];
    for (const name of ['seq-1', 'seq-2', 'seq-3', 'sseq-1', 'sseq-2', 'sseq-3']) {
      const created = await create(name);
      const done = await settled(created.id);
      outcomes.push({ status: done.status, uuid: created.uuid, fault: done.fault });
    }
    expect(outcomes.map((o) => o.status)).toEqual(['ERROR', 'ACTIVE', 'ACTIVE', 'ERROR', 'ACTIVE', 'ACTIVE']);
    expect(outcomes[0].fault.message).toBe(`Injected by behaviour ${build.id}: the spawning step failed`);
    expect(outcomes[0].fault.details).toContain('match 1 of its sequence');
    expect(await gap(outcomes[1].uuid, 'ServerNetworkingStarted', 'ServerNetworkAllocated')).toBeGreaterThanOrEqual(1200);
    expect(await gap(outcomes[2].uuid, 'ServerNetworkingStarted', 'ServerNetworkAllocated')).toBeLessThan(1200);
    expect(outcomes[3].fault).toMatchObject({ message: 'No valid host was found. ', details: `Injected by behaviour ${sched.id} (fail-scheduling, match 1 of its sequence)` });
    expect(await gap(outcomes[4].uuid, 'ServerCreateRequested', 'ServerScheduled')).toBeGreaterThanOrEqual(900);
    expect(await gap(outcomes[5].uuid, 'ServerCreateRequested', 'ServerScheduled')).toBeLessThan(900);
    // Each app counts the matches it saw, in its own schema, once per server.
    const counter = async (schema: string, id: string) => (await pool.query(`SELECT matches::int AS n FROM ${schema}.behaviour_match_counters WHERE behaviour_id = $1`, [id])).rows[0]?.n;
    expect(await counter('compute_agent', build.id)).toBe(3);
    expect(await counter('scheduler', sched.id)).toBe(3);
    await deleteBehaviour(build);
    await deleteBehaviour(sched);
  }, 120_000);

  it('fails with a probability exactly the servers the seed predicts', async () => {
    const b = await createBehaviour({ serverNameRegex: '^coin-' }, { kind: 'fail-build-step', step: 'networking', probability: 0.5 }, 4242);
    const servers = await Promise.all(Array.from({ length: 8 }, (_, i) => create(`coin-${i}`)));
    const statuses = await Promise.all(servers.map(async (s) => (await settled(s.id)).status));
    const predicted = servers.map((s) => (behaviourRandom({ seed: 4242 }, Number(s.id), 'networking').next() < 0.5 ? 'ERROR' : 'ACTIVE'));
    expect(new Set(predicted)).toEqual(new Set(['ACTIVE', 'ERROR']));
    expect(statuses).toEqual(predicted);
    await deleteBehaviour(b);
  }, 60_000);

  it('converges while consumers drop, delay and duplicate messages, and replay equals every projection', async () => {
    const durationMs = 6000;
    const faults = [
      await createBehaviour({}, { kind: 'bus-fault', consumer: 'servers', mode: 'drop', probability: 0.5, durationMs }, 11),
      await createBehaviour({}, { kind: 'bus-fault', consumer: 'scheduler', mode: 'delay', delayMs: 300, durationMs }, 12),
      await createBehaviour({}, { kind: 'bus-fault', consumer: 'compute-agent-.*', mode: 'duplicate', durationMs }, 13),
      await createBehaviour({}, { kind: 'bus-fault', consumer: 'quota-usage-.*', mode: 'drop', probability: 0.3, delayMs: 100, durationMs }, 14),
    ];
    const until = Date.parse(faults[0].expiresAt!);
    const servers = [];
    for (let i = 0; i < 8 && Date.now() < until - 1000; i++) servers.push(await create(`bus-${i}`));
    expect(servers.length).toBeGreaterThanOrEqual(4);
    for (const s of servers) expect((await settled(s.id, 60_000)).status).toBe('ACTIVE');
    expect(await metric('api-gateway', 'nova_behaviours_applied_total', { kind: 'bus-fault' })).toBeGreaterThan(0);
    expect(await metric('scheduler', 'nova_behaviours_applied_total', { kind: 'bus-fault' })).toBeGreaterThan(0);
    expect(await metric('compute-agent', 'nova_behaviours_applied_total', { kind: 'bus-fault' })).toBeGreaterThan(0);
    for (const f of faults) inForce.delete(f.id);

    // Once the faults are over and every consumer caught up, the live state is the log's.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, until - Date.now()) + 1500));
    let last = { status: null as number | null, output: '' };
    await waitFor('replay to find every projection equal', () => {
      const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'replay.ts')], {
        cwd: ROOT, env: { ...process.env, DATABASE_URL: gw.database.url }, encoding: 'utf8', timeout: 60_000,
      });
      last = { status: run.status, output: `${run.stdout}${run.stderr}` };
      return last.status === 0;
    }, { timeoutMs: 30_000, intervalMs: 2000, detail: () => last.output });
    expect(last.output).toContain('api-gateway/servers: equal');
    expect(last.output).toContain('quota/usage: equal');
  }, 180_000);
});
