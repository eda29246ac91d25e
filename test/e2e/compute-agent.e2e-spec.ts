// The compute agent as built processes beside a real network app and quota app, on a scratch
// database and a NATS namespace of its own. The test plays the gateway and the scheduler: it
// appends ServerCreateRequested and ServerScheduled (and the action requests) to the log
// through the server decider, and watches the server streams: the build steps, the addresses
// from the network app, the actions' second facts, injected faults at every step (addresses
// released), a pool with nothing left, a delete mid-build, a host going down and coming back,
// the console through ComputeClient, and an agent killed mid-build that finishes after restart.

import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Pool } from 'pg';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  COMPUTE_HEARTBEAT_PATTERN, ComputeClient, type ComputeHeartbeat, ComputeHostNotFoundError, ComputeServerNotFoundError, ComputeUnavailableError,
  InvalidComputeRequestError, PoolExhaustedError, requestSubject, type RecordedEvent,
} from '@app/contracts';
import { type ServerCommand, type ServerEvent, type ServerState, PowerState, TaskState, VmState, serverDecider } from '@app/domain/server';
import { DeciderRunner, PgPoolDb, PostgresEventStore, appendSignal } from '@app/event-store';
import { createNetworkClient, createQuotaClient, createRpcProxy, rpcSend, type NetworkRpcClient, type QuotaRpcClient } from '@app/platform';
import { waitFor } from '../harness/wait-for';
import { AppProcess, mainOf } from './support/app-process';
import { deleteEventsStream } from './support/events-stream';
import { freePort } from './support/free-port';
import { get } from './support/http';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const FIXED_IP_RANGE = '10.30.0.0/27';
const FLOATING_IP_RANGE = '15.185.97.0/27';
const STEADY = 'steady';
const FAULTY = 'faulty';
const SLOW = 'slow';
const BUILD_EVENTS = ['ServerCreateRequested', 'ServerScheduled', 'ServerNetworkingStarted', 'ServerNetworkAllocated', 'ServerBlockDeviceMappingStarted', 'ServerSpawningStarted', 'ServerBuilt'];

type Runner = DeciderRunner<ServerCommand, ServerEvent, ServerState>;

describe('the compute agent with the network and quota apps', () => {
  const namespace = `c${randomBytes(4).toString('hex')}`;
  const apps: AppProcess[] = [];
  const heartbeats: ComputeHeartbeat[] = [];
  let database: ScratchDatabase;
  let pool: Pool;
  let nc: NatsConnection;
  let store: PostgresEventStore;
  let gateway: Runner;
  let scheduler: Runner;
  let network: NetworkRpcClient;
  let quota: QuotaRpcClient;
  let compute: ComputeClient;
  let closeCompute: () => Promise<void>;
  let serverSeq = 0;
  let tenantSeq = 0;
  const agents: Record<string, AppProcess> = {};
  const newTenant = () => `${namespace}-tenant-${++tenantSeq}`;
  const diagnostics = () => apps.map((a) => `--- ${a.app}\n${a.tail(30)}`).join('\n');

  async function startApp(app: 'network' | 'quota' | 'compute-agent', env: Record<string, string>): Promise<AppProcess> {
    const port = await freePort();
    const portVariable = { network: 'NETWORK_PORT', quota: 'QUOTA_PORT', 'compute-agent': 'COMPUTE_AGENT_PORT' }[app];
    const child = new AppProcess(app, { DATABASE_URL: database.url, NATS_URL, NATS_NAMESPACE: namespace, [portVariable]: String(port), LOG_LEVEL: 'warn', ...env });
    child.port = port;
    apps.push(child);
    await waitFor(`${app} ready`, async () => {
      if (!child.running) throw new Error(`${app} exited: ${child.tail()}`);
      return (await get(`http://127.0.0.1:${port}/readyz`)).status === 200;
    }, { timeoutMs: 60_000, detail: () => child.tail() });
    return child;
  }

  /** (Re)starts an agent with 3 hosts, the zero profile unless told otherwise, and `env`. */
  async function startAgent(agentId: string, env: Record<string, string> = {}): Promise<AppProcess> {
    agents[agentId] = await startApp('compute-agent', {
      COMPUTE_AGENT_ID: agentId, COMPUTE_HOSTS: '3', COMPUTE_PROFILE: 'zero', HEARTBEAT_INTERVAL_MS: '200', FAULT_SEED: '7', ...env,
    });
    return agents[agentId];
  }

  async function stopAgent(agentId: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const agent = agents[agentId];
    agent.signal(signal);
    await agent.exitWithin(20_000);
  }

  const host = (agentId: string, n: number) => `${agentId}-host-0000${n}`;

  /** Plays the gateway (CreateServer) and the scheduler (ScheduleServer) for a new server. */
  async function createServer(o: { agentId: string; hostN?: number; tenantId?: string; reservationId?: string }) {
    const uuid = randomUUID();
    const serverId = ++serverSeq;
    const tenantId = o.tenantId ?? newTenant();
    const correlationId = `req-${randomUUID()}`;
    const at = new Date().toISOString();
    const stream = `server-${uuid}`;
    await gateway.run(stream, {
      type: 'CreateServer',
      data: {
        serverId, tenantId, userId: 'u1', name: `Web Server ${serverId}`, imageUuid: randomUUID(), imageId: '120', flavorId: '100', vcpus: 1, ramMb: 512, diskGb: 10,
        metadata: {}, personality: [{ path: '/etc/motd', contents: Buffer.from('hello').toString('base64') }], userData: Buffer.from('#!/bin/sh\necho hi\n').toString('base64'),
        keyName: 'deploy-key', publicKey: 'ssh-rsa AAAA test', securityGroups: ['default'], configDrive: true, accessIPv4: '', accessIPv6: '', availabilityZone: null,
        multiCreateId: 'r-00000001', requestedAt: at, ...(o.reservationId ? { reservationId: o.reservationId } : {}),
      },
    }, { correlationId, tenantId });
    await scheduler.run(stream, { type: 'ScheduleServer', host: host(o.agentId, o.hostN ?? 1), agentId: o.agentId, availabilityZone: 'az1', at }, { correlationId, tenantId });
    return { uuid, serverId, tenantId, correlationId };
  }

  /** Plays the gateway asking for an action. */
  async function ask(server: { uuid: string; tenantId: string }, command: ServerCommand): Promise<void> {
    await gateway.run(`server-${server.uuid}`, command, { correlationId: `req-${randomUUID()}`, tenantId: server.tenantId });
  }

  const events = (uuid: string): Promise<RecordedEvent[]> => store.readStream(`server-${uuid}`);
  const types = async (uuid: string) => (await events(uuid)).map((e) => e.type);
  const state = async (uuid: string) => (await gateway.load(`server-${uuid}`)).state;

  async function until(uuid: string, type: string, timeoutMs = 30_000): Promise<RecordedEvent> {
    let last: string[] = [];
    return waitFor(`${type} in server-${uuid}`, async () => {
      const all = await events(uuid);
      last = all.map((e) => e.type);
      return all.find((e) => e.type === type);
    }, { timeoutMs, detail: () => ({ events: last, apps: diagnostics() }) });
  }

  /** Nothing of the server is left in the network app. */
  async function addressesOf(uuid: string): Promise<number> {
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM network.allocated_addresses WHERE server_id = $1`, [uuid]);
    return rows[0].n;
  }

  /** The value of a metric line whose labels include `label`. */
  function metric(text: string, name: string, label: string): number | undefined {
    const line = [...text.matchAll(new RegExp(`^${name}\\{([^}]*)\\} (\\S+)$`, 'gm'))].find((m) => m[1].includes(label));
    return line ? Number(line[2]) : undefined;
  }

  const networkEvents = async (type: string, tenantId: string) =>
    (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM event_store.events WHERE type = $1 AND metadata->>'tenantId' = $2`, [type, tenantId])).rows[0].n;

  beforeAll(async () => {
    for (const app of ['network', 'quota', 'compute-agent'] as const) {
      if (!existsSync(mainOf(app))) throw new Error(`build the ${app} app first: npx nest build ${app}`);
    }
    database = await createScratchDatabase('compute');
    pool = new Pool({ connectionString: database.url, max: 4 });
    nc = await connect({ servers: NATS_URL, name: `${namespace}-test` });
    store = new PostgresEventStore(new PgPoolDb(pool), { schema: 'event_store', onCommitted: appendSignal(nc, namespace) });
    gateway = new DeciderRunner(serverDecider, store, new PgPoolDb(pool), 'api-gateway');
    scheduler = new DeciderRunner(serverDecider, store, new PgPoolDb(pool), 'scheduler');
    const sub = nc.subscribe(requestSubject(namespace, COMPUTE_HEARTBEAT_PATTERN));
    void (async () => {
      for await (const m of sub) heartbeats.push(m.json<ComputeHeartbeat>());
    })();
    // One after the other: the first runs the log's migrations.
    await startApp('network', { FIXED_IP_RANGE, FLOATING_IP_RANGE });
    await startApp('quota', {});
    await startAgent(STEADY);
    network = createNetworkClient({ natsServers: [NATS_URL], natsNamespace: namespace, name: 'compute-e2e-network' }, { timeoutMs: 15_000 });
    quota = createQuotaClient({ natsServers: [NATS_URL], natsNamespace: namespace, name: 'compute-e2e-quota' }, { timeoutMs: 15_000 });
    const proxy = createRpcProxy({ natsServers: [NATS_URL], natsNamespace: namespace, name: 'compute-e2e-compute' });
    compute = new ComputeClient(rpcSend(proxy, namespace, 'compute', ComputeUnavailableError, 15_000));
    closeCompute = () => proxy.close();
  }, 180_000);

  afterAll(async () => {
    await network?.onApplicationShutdown();
    await quota?.onApplicationShutdown();
    await closeCompute?.();
    for (const app of apps) app.signal('SIGTERM');
    await Promise.all(apps.map((a) => a.exitWithin(20_000).catch(() => a.signal('SIGKILL'))));
    await nc?.drain();
    await pool?.end();
    await database?.drop();
    await deleteEventsStream(namespace);
  }, 60_000);

  it('registers its hosts with their capacity and zone, and heartbeats', async () => {
    const { rows } = await pool.query<{ stream_name: string; data: Record<string, unknown> }>(
      `SELECT stream_name, data FROM event_store.events WHERE type = 'ComputeHostRegistered' AND data->>'agentId' = $1 ORDER BY stream_name`, [STEADY],
    );
    expect(rows.map((r) => r.stream_name)).toEqual([`host-${host(STEADY, 1)}`, `host-${host(STEADY, 2)}`, `host-${host(STEADY, 3)}`]);
    expect(rows[0].data).toMatchObject({ host: host(STEADY, 1), agentId: STEADY, availabilityZone: 'az1', vcpus: 16, ramMb: 65536, diskGb: 1000 });
    const beat = await waitFor('a heartbeat of the steady agent', () => heartbeats.find((h) => h.agentId === STEADY));
    expect(beat).toMatchObject({ agentId: STEADY, hostCount: 3, downHosts: [] });
  });

  it('builds a server through networking, block_device_mapping and spawning to ACTIVE, with a fixed and a floating IP, and commits its reservation', async () => {
    const tenantId = newTenant();
    const { reservationId } = await quota.reserve({ tenantId, deltas: { instances: 1, cores: 1, ram: 512 }, correlationId: 'req-reserve' });
    const server = await createServer({ agentId: STEADY, tenantId, reservationId });
    await until(server.uuid, 'ServerBuilt');
    const all = await events(server.uuid);
    expect(all.map((e) => e.type)).toEqual(BUILD_EVENTS);
    const mine = all.slice(2);
    const scheduled = all[1];
    for (const e of mine) expect(e.metadata).toMatchObject({ producer: 'compute-agent', correlationId: server.correlationId, causationId: scheduled.eventId, tenantId });
    const s = await state(server.uuid);
    expect(s).toMatchObject({ vmState: VmState.Active, taskState: null, powerState: PowerState.Running, progress: 100, host: host(STEADY, 1) });
    expect(s.fixedIp).toMatch(/^10\.30\.0\.\d+$/);
    expect(s.autoFloatingIp).toMatch(/^15\.185\.97\.\d+$/);
    const floating = await network.listFloatingIps({ tenantId });
    expect(floating).toEqual([expect.objectContaining({ ip: s.autoFloatingIp, fixedIp: s.fixedIp, instanceId: server.uuid, autoAssigned: true })]);
    await waitFor('the reservation committed', async () => {
      const { rows } = await pool.query<{ state: string }>(`SELECT DISTINCT state FROM quota.reservations WHERE reservation_id = $1`, [reservationId]);
      return rows.length === 1 && rows[0].state === 'committed';
    });
    const metrics = (await get(`http://127.0.0.1:${agents[STEADY].port}/metrics`)).text;
    expect(metric(metrics, 'nova_compute_builds_total', 'outcome="active"')).toBeGreaterThanOrEqual(1);
    expect(metric(metrics, 'nova_compute_step_duration_seconds_count', 'step="networking"')).toBeGreaterThanOrEqual(1);
    expect(metric(metrics, 'nova_compute_step_duration_seconds_count', 'step="spawning"')).toBeGreaterThanOrEqual(1);
    expect(metric(metrics, 'nova_compute_hosts', 'state="up"')).toBe(3);
    expect(metric(metrics, 'nova_compute_hosts', 'state="down"')).toBe(0);
    expect(metric(metrics, 'nova_compute_tasks_in_flight', '')).toBe(0);
  });

  it('reboots SOFT and HARD, rebuilds and snapshots, and tells it all on the console through ComputeClient', async () => {
    const server = await createServer({ agentId: STEADY });
    await until(server.uuid, 'ServerBuilt');
    const boot = (await compute.consoleOutput(STEADY, { serverId: server.uuid, correlationId: 'req-console' })).output;
    expect(boot).toContain(`cloud-init: setting hostname to web-server-${server.serverId}`);
    expect(boot).toMatch(new RegExp(`ec2: 2048 [0-9a-f:]{47}  root@web-server-${server.serverId} \\(RSA\\)`));
    expect(boot).toContain("cloud-init: authorized key 'deploy-key' for user ubuntu");
    expect(boot).toContain('cloud-init: injected file /etc/motd');
    expect(boot).toContain('cloud-init: user-data: 18 bytes');
    expect(boot).toContain('cloud-init: found config drive');

    await ask(server, { type: 'RebootServer', rebootType: 'SOFT', at: new Date().toISOString() });
    await until(server.uuid, 'ServerRebooted');
    await ask(server, { type: 'RebootServer', rebootType: 'HARD', at: new Date().toISOString() });
    await waitFor('the hard reboot', async () => (await types(server.uuid)).filter((t) => t === 'ServerRebooted').length === 2);
    await ask(server, {
      type: 'RebuildServer', imageUuid: randomUUID(), imageId: '34971', personality: [{ path: '/etc/rebuilt', contents: 'eA==' }], at: new Date().toISOString(),
    });
    await until(server.uuid, 'ServerRebuilt');
    const imageUuid = randomUUID();
    await ask(server, { type: 'CreateServerImage', imageUuid, imageId: '9001', name: 'snap', at: new Date().toISOString() });
    const snapshot = await until(server.uuid, 'ServerSnapshotCompleted');
    expect(snapshot.data).toMatchObject({ imageUuid });
    expect(await state(server.uuid)).toMatchObject({ vmState: VmState.Active, taskState: null, imageId: '34971' });

    const output = (await compute.consoleOutput(STEADY, { serverId: String(server.serverId), correlationId: 'req-console' })).output;
    expect(output).toContain('The system is going down for reboot NOW!');
    expect(output).toContain(`hard reboot of the guest on ${host(STEADY, 1)}`);
    expect(output).toContain('rebuilding the guest from image 34971');
    expect(output).toContain('cloud-init: injected file /etc/rebuilt');
    const rsa = (text: string) => text.split('\n').filter((l) => l.includes('(RSA)'));
    expect(rsa(output)).toHaveLength(4);
    expect(new Set(rsa(output)).size).toBe(2);
    const tail = (await compute.consoleOutput(STEADY, { serverId: server.uuid, length: 5, correlationId: 'req-console' })).output;
    expect(tail.split('\n')).toEqual(output.split('\n').slice(-5));
    expect((await compute.consoleOutput(STEADY, { serverId: server.uuid, length: 0, correlationId: 'req-console' })).output).toBe('');

    await expect(compute.consoleOutput(STEADY, { serverId: randomUUID(), correlationId: 'req-console' })).rejects.toThrow(ComputeServerNotFoundError);
    await expect(compute.consoleOutput(STEADY, { serverId: server.uuid, length: -7, correlationId: 'req-console' })).rejects.toThrow(InvalidComputeRequestError);
    await expect(compute.setHostState(STEADY, { host: 'elsewhere-host-00001', up: false, correlationId: 'req-host' })).rejects.toThrow(ComputeHostNotFoundError);
  });

  it('deletes a server: releases its addresses, then ServerDeleted; its console is gone', async () => {
    const server = await createServer({ agentId: STEADY });
    await until(server.uuid, 'ServerBuilt');
    expect(await addressesOf(server.uuid)).toBe(2);
    await ask(server, { type: 'DeleteServer', at: new Date().toISOString() });
    const deleted = await until(server.uuid, 'ServerDeleted');
    expect(deleted.metadata.producer).toBe('compute-agent');
    expect(await addressesOf(server.uuid)).toBe(0);
    expect(await networkEvents('FixedIpReleased', server.tenantId)).toBe(1);
    expect(await networkEvents('FloatingIpDeallocated', server.tenantId)).toBe(1);
    await expect(compute.consoleOutput(STEADY, { serverId: server.uuid, correlationId: 'req-console' })).rejects.toThrow(ComputeServerNotFoundError);
  });

  it('shuts down the servers of a host that goes down; a HARD reboot waits until it is up, then ServerRebooted', async () => {
    const down = host(STEADY, 2);
    const server = await createServer({ agentId: STEADY, hostN: 2 });
    await until(server.uuid, 'ServerBuilt');
    expect(await compute.setHostState(STEADY, { host: down, up: false, reason: 'e2e maintenance', correlationId: 'req-host-down' })).toEqual({ host: down, up: false });
    const shutdown = await until(server.uuid, 'ServerPowerStateChanged');
    expect(shutdown.data).toMatchObject({ powerState: PowerState.Shutdown });
    expect(shutdown.metadata.correlationId).toBe('req-host-down');
    expect(await state(server.uuid)).toMatchObject({ vmState: VmState.Stopped, powerState: PowerState.Shutdown });
    await waitFor('a heartbeat listing the host as down', () => heartbeats.some((h) => h.agentId === STEADY && h.downHosts.includes(down)));
    const hostEvents = await store.readStream(`host-${down}`);
    expect(hostEvents.map((e) => [e.type, (e.data as { up?: boolean }).up])).toEqual([['ComputeHostRegistered', undefined], ['ComputeHostStateChanged', false]]);
    expect((await compute.consoleOutput(STEADY, { serverId: server.uuid, length: 1, correlationId: 'r' })).output).toContain(`host ${down} went down (e2e maintenance)`);

    await ask(server, { type: 'RebootServer', rebootType: 'HARD', at: new Date().toISOString() });
    const beats = () => heartbeats.filter((h) => h.agentId === STEADY).length;
    const asked = beats();
    await waitFor('three more heartbeats', () => beats() >= asked + 3);
    expect(await types(server.uuid)).not.toContain('ServerRebooted');
    expect(await state(server.uuid)).toMatchObject({ vmState: VmState.Stopped, taskState: TaskState.RebootingHard });

    await compute.setHostState(STEADY, { host: down, up: true, correlationId: 'req-host-up' });
    await until(server.uuid, 'ServerRebooted');
    expect(await state(server.uuid)).toMatchObject({ vmState: VmState.Active, taskState: null, powerState: PowerState.Running });
    expect((await store.readStream(`host-${down}`)).at(-1)).toMatchObject({ type: 'ComputeHostStateChanged', data: { up: true } });
    await waitFor('a heartbeat with every host up', () => heartbeats.filter((h) => h.agentId === STEADY).at(-1)?.downHosts.length === 0);
  });

  it('fails a build with "No more fixed IP addresses" when the fixed pool is exhausted, and keeps nothing', async () => {
    const filler = newTenant();
    const held: string[] = [];
    for (;;) {
      try {
        await network.allocateFixedIp({ tenantId: filler, serverId: `${namespace}-filler-${held.length}`, correlationId: 'req-fill' });
        held.push(`${namespace}-filler-${held.length}`);
      } catch (error) {
        expect(error).toBeInstanceOf(PoolExhaustedError);
        break;
      }
    }
    try {
      const server = await createServer({ agentId: STEADY });
      const failed = await until(server.uuid, 'ServerBuildFailed');
      expect(failed.data).toMatchObject({ step: 'networking', fault: { code: 500, message: 'No more fixed IP addresses' } });
      expect((failed.data as { fault: { details: string } }).fault.details).toContain(FIXED_IP_RANGE);
      expect(await state(server.uuid)).toMatchObject({ vmState: VmState.Error, taskState: null, fixedIp: null });
      expect(await addressesOf(server.uuid)).toBe(0);
    } finally {
      for (const serverId of held) await network.releaseServerAddresses({ tenantId: filler, serverId, correlationId: 'req-unfill' });
    }
  });

  it.each([
    ['networking', 'FAIL_NETWORKING', 'Failed to allocate the network(s), not rescheduling.'],
    ['block_device_mapping', 'FAIL_BLOCK_DEVICE_MAPPING', 'Failure prepping block device.'],
    ['spawning', 'FAIL_SPAWNING', 'Instance failed to spawn: internal error: process exited while connecting to monitor'],
  ])('fails a build injected at %s with ServerBuildFailed, the addresses released', async (step, variable, message) => {
    if (agents[FAULTY]?.running) await stopAgent(FAULTY);
    await startAgent(FAULTY, { [variable]: '1' });
    const server = await createServer({ agentId: FAULTY });
    const failed = await until(server.uuid, 'ServerBuildFailed');
    expect(failed.data).toMatchObject({ step, fault: { code: 500, message } });
    expect((failed.data as { fault: { details: string } }).fault.details).toContain(`${variable}=1`);
    expect(await state(server.uuid)).toMatchObject({ vmState: VmState.Error, taskState: null, fixedIp: null, autoFloatingIp: null });
    expect(await addressesOf(server.uuid)).toBe(0);
    expect(await networkEvents('FixedIpAllocated', server.tenantId)).toBe(1);
    expect(await networkEvents('FixedIpReleased', server.tenantId)).toBe(1);
    expect(await networkEvents('FloatingIpDeallocated', server.tenantId)).toBe(1);
    if (step === 'spawning') {
      expect((await compute.consoleOutput(FAULTY, { serverId: server.uuid, correlationId: 'r' })).output).toContain('Kernel panic');
    }
  });

  it('fails reboots, rebuilds and snapshots when told to: ServerSnapshotFailed, ServerRebootFailed and ServerRebuildFailed', async () => {
    await stopAgent(FAULTY);
    await startAgent(FAULTY, { FAIL_REBOOT: '1', FAIL_REBUILD: '1', FAIL_SNAPSHOT: '1' });
    const server = await createServer({ agentId: FAULTY });
    await until(server.uuid, 'ServerBuilt');
    await ask(server, { type: 'CreateServerImage', imageUuid: randomUUID(), imageId: '9002', name: 'snap', at: new Date().toISOString() });
    const snapshot = await until(server.uuid, 'ServerSnapshotFailed');
    expect((snapshot.data as { reason: string }).reason).toContain('FAIL_SNAPSHOT=1');
    expect(await state(server.uuid)).toMatchObject({ vmState: VmState.Active, taskState: null });
    await ask(server, { type: 'RebootServer', rebootType: 'SOFT', at: new Date().toISOString() });
    const reboot = await until(server.uuid, 'ServerRebootFailed');
    expect(reboot.data).toMatchObject({ fault: { code: 500 } });
    expect(await state(server.uuid)).toMatchObject({ vmState: VmState.Error, taskState: null });
    await ask(server, { type: 'RebuildServer', imageUuid: randomUUID(), imageId: '120', personality: [], at: new Date().toISOString() });
    await until(server.uuid, 'ServerRebuildFailed');
    expect(await state(server.uuid)).toMatchObject({ vmState: VmState.Error, taskState: null });
    await stopAgent(FAULTY);
  });

  describe('with the realistic profile', () => {
    const slowEnv = { COMPUTE_PROFILE: 'realistic', LATENCY_NETWORKING_MS: '100', LATENCY_BLOCK_DEVICE_MAPPING_MS: '100', LATENCY_SPAWNING_MS: '3000', LATENCY_DELETE_MS: '50' };

    it('stops a build when a delete arrives mid-build: addresses released, ServerDeleted, never ServerBuilt', async () => {
      await startAgent(SLOW, slowEnv);
      const server = await createServer({ agentId: SLOW });
      await until(server.uuid, 'ServerSpawningStarted');
      await ask(server, { type: 'DeleteServer', at: new Date().toISOString() });
      await until(server.uuid, 'ServerDeleted');
      const all = await types(server.uuid);
      expect(all).not.toContain('ServerBuilt');
      expect(all.indexOf('ServerDeleteRequested')).toBeLessThan(all.indexOf('ServerDeleted'));
      expect(await addressesOf(server.uuid)).toBe(0);
    });

    it('fails a build whose host goes down mid-spawn, and fails the next one on that host at once', async () => {
      const dead = host(SLOW, 3);
      const server = await createServer({ agentId: SLOW, hostN: 3 });
      await until(server.uuid, 'ServerSpawningStarted');
      await compute.setHostState(SLOW, { host: dead, up: false, reason: 'power cut', correlationId: 'req-power-cut' });
      const failed = await until(server.uuid, 'ServerBuildFailed');
      expect(failed.data).toMatchObject({ step: 'spawning', fault: { code: 500, message: `Build of instance aborted: compute host ${dead} is down` } });
      expect(await addressesOf(server.uuid)).toBe(0);
      const next = await createServer({ agentId: SLOW, hostN: 3 });
      expect((await until(next.uuid, 'ServerBuildFailed')).data).toMatchObject({ step: 'networking' });
      expect(await types(next.uuid)).not.toContain('ServerNetworkAllocated');
      await compute.setHostState(SLOW, { host: dead, up: true, correlationId: 'req-power-back' });
    });

    it('finishes a build after the agent is killed mid-spawn (SIGKILL) and restarted, each step written once', async () => {
      const server = await createServer({ agentId: SLOW });
      await until(server.uuid, 'ServerSpawnProgressed');
      await stopAgent(SLOW, 'SIGKILL');
      expect(await types(server.uuid)).not.toContain('ServerBuilt');
      await startAgent(SLOW, slowEnv);
      await until(server.uuid, 'ServerBuilt');
      const all = await events(server.uuid);
      const steps = all.map((e) => e.type).filter((t) => t !== 'ServerSpawnProgressed');
      expect(steps).toEqual(BUILD_EVENTS);
      const progress = all.filter((e) => e.type === 'ServerSpawnProgressed').map((e) => (e.data as { progress: number }).progress);
      expect(progress.length).toBeGreaterThanOrEqual(2);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(new Set(progress).size).toBe(progress.length);
      expect(await addressesOf(server.uuid)).toBe(2);
      expect(await state(server.uuid)).toMatchObject({ vmState: VmState.Active, powerState: PowerState.Running });
      await stopAgent(SLOW);
    });
  });

  it('never had to retry a task or park an event in any agent run above', () => {
    for (const agent of apps.filter((a) => a.app === 'compute-agent')) {
      const output = [...agent.stdout, ...agent.stderr].join('');
      expect(output).not.toContain('task failed');
      expect(output).not.toContain('parked');
    }
  });
});
