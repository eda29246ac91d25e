// The scheduler against real Postgres and NATS JetStream: host events registered through the
// log, heartbeats on core NATS, create requests appended as the gateway would; the decisions
// read back from the server streams and the claims from the scheduler's tables. Two replicas
// racing for little room never over-commit a host.

import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { COMPUTE_HEARTBEAT_PATTERN, type ComputeHostRegistered, type RecordedEvent, requestSubject } from '@app/contracts';
import { serverDecider, type ServerCommand, type ServerCreateRequested, type ServerEvent, type ServerState } from '@app/domain/server';
import { DeciderRunner, EventRelay, PostgresEventStore, installEventStoreSchema, installConsumerTables } from '@app/event-store';
import { createTestContext, type TestContext } from '../../../test/harness/test-context';
import { waitFor } from '../../../test/harness/wait-for';
import { loadSchedulerConfig } from './config/scheduler-config';
import { installSchedulerTables } from './migrations/install-scheduler-tables';
import { SchedulerInstance } from './scheduler-instance';

/** One isolated scheduler world: a test context, the relay, heartbeating agents, scheduler replicas. */
class World {
  store!: PostgresEventStore;
  instances: SchedulerInstance[] = [];
  registries: Registry[] = [];
  private relay!: EventRelay;
  private beating = new Map<string, string[]>();
  private pump?: NodeJS.Timeout;
  private agentRunner!: DeciderRunner<ServerCommand, ServerEvent, ServerState>;

  constructor(readonly ctx: TestContext) {}

  static async create(replicas: number, env: NodeJS.ProcessEnv = {}): Promise<World> {
    const world = new World(await createTestContext());
    await world.start(replicas, env);
    return world;
  }

  private async start(replicas: number, env: NodeJS.ProcessEnv): Promise<void> {
    const { ctx } = this;
    await installEventStoreSchema(ctx.pool, ctx.eventStoreSchema);
    await installConsumerTables(ctx.pool, ctx.appSchema);
    await installSchedulerTables(ctx.pool, ctx.appSchema);
    this.store = new PostgresEventStore(ctx.db, { schema: ctx.eventStoreSchema });
    this.agentRunner = new DeciderRunner(serverDecider, this.store, ctx.db, 'compute-agent');
    this.relay = new EventRelay({ store: this.store, connectionString: ctx.databaseUrl, js: ctx.js, namespace: ctx.namespace, idlePollMs: 25, leaderRetryMs: 100 });
    this.relay.start();
    this.pump = setInterval(() => this.beat(), 100);
    const config = loadSchedulerConfig({ SERVICE_DOWN_TIME_MS: '1000', SCHEDULER_HOST_REFRESH_MS: '200', ...env });
    for (let i = 0; i < replicas; i++) {
      const registry = new Registry();
      const instance = new SchedulerInstance({
        db: ctx.db, store: this.store, nc: ctx.nc, namespace: ctx.namespace, schema: ctx.appSchema, config, registry, retries: { maxDeliver: 3, backoffMs: [20, 40] }, logger: { log: () => undefined, warn: (m) => console.warn(m) },
      });
      await instance.start();
      await instance.deciding;
      this.instances.push(instance);
      this.registries.push(registry);
    }
  }

  async dispose(): Promise<void> {
    clearInterval(this.pump);
    await Promise.all(this.instances.map((i) => i.stop()));
    await this.relay.stop();
    await this.ctx.dispose();
  }

  /** `agentId` heartbeats (every 100 ms) listing `downHosts`; `stopBeating` makes it silent. */
  heartbeat(agentId: string, downHosts: string[] = []): void {
    this.beating.set(agentId, downHosts);
    this.beat();
  }

  stopBeating(agentId: string): void {
    this.beating.delete(agentId);
  }

  private beat(): void {
    const subject = requestSubject(this.ctx.namespace, COMPUTE_HEARTBEAT_PATTERN);
    for (const [agentId, downHosts] of this.beating) {
      this.ctx.nc.publish(subject, JSON.stringify({ agentId, hostCount: 0, downHosts, at: new Date().toISOString() }));
    }
  }

  async hostEvent(host: string, type: string, data: Record<string, unknown>): Promise<void> {
    await this.store.append(`host-${host}`, 'any', [{ type, data: { host, ...data, at: new Date().toISOString() } }], { correlationId: 'req-hosts', producer: 'compute-agent' });
  }

  /** Registers hosts through the log and waits until every replica sees them up. */
  async registerHosts(hosts: Omit<ComputeHostRegistered['data'], 'at'>[]): Promise<void> {
    for (const h of hosts) await this.hostEvent(h.host, 'ComputeHostRegistered', { ...h });
    for (const agent of new Set(hosts.map((h) => h.agentId))) if (!this.beating.has(agent)) this.heartbeat(agent);
    await this.waitForHosts(`${hosts.length} new host(s) up`, (up) => hosts.every((h) => up.has(h.host)));
  }

  /** Waits until every replica's host states satisfy `ok` (given the hosts each sees up). */
  async waitForHosts(what: string, ok: (up: Set<string>) => boolean): Promise<void> {
    await waitFor(what, () => this.instances.every((i) => ok(new Set(i.hosts.hostStates(Date.now()).filter((s) => s.up && s.enabled).map((s) => s.host)))), { timeoutMs: 10_000 });
  }

  /** Appends a ServerCreateRequested as the gateway would; the server's uuid. */
  async requestServer(size: Size = {}): Promise<string> {
    const uuid = randomUUID();
    await this.store.append(`server-${uuid}`, 0, [{ type: 'ServerCreateRequested', data: createData(uuid, size) }], { correlationId: `req-${uuid}`, tenantId: 'tenant-1', producer: 'api-gateway' });
    return uuid;
  }

  /** The scheduler's answer in the server's stream (ServerScheduled or ServerSchedulingFailed). */
  async decision(uuid: string): Promise<RecordedEvent> {
    return waitFor(`a decision for server ${uuid}`, async () => (await this.events(uuid)).find((e) => e.type === 'ServerScheduled' || e.type === 'ServerSchedulingFailed'), { timeoutMs: 20_000 });
  }

  async events(uuid: string): Promise<RecordedEvent[]> {
    return this.store.readStream(`server-${uuid}`);
  }

  /** What a compute agent would write for the server. */
  async agent(uuid: string, command: ServerCommand): Promise<void> {
    await this.agentRunner.run(`server-${uuid}`, command, { correlationId: `req-${uuid}` });
  }

  async claim(uuid: string): Promise<{ host: string; vcpus: number; ram_mb: number; disk_gb: number } | undefined> {
    return (await this.ctx.pool.query(`SELECT host, vcpus, ram_mb, disk_gb FROM "${this.ctx.appSchema}".claims WHERE server_uuid = $1`, [uuid])).rows[0];
  }

  async hostRow(host: string): Promise<{ used_vcpus: number; used_ram_mb: number; used_disk_gb: number; instances: number }> {
    return (await this.ctx.pool.query(`SELECT used_vcpus, used_ram_mb, used_disk_gb, instances FROM "${this.ctx.appSchema}".compute_hosts WHERE host = $1`, [host])).rows[0];
  }

  async decisions(outcome: string): Promise<number> {
    let total = 0;
    for (const registry of this.registries) {
      const metric = (await registry.getSingleMetric('nova_scheduler_decisions_total')?.get())?.values.find((v) => v.labels.outcome === outcome);
      total += metric?.value ?? 0;
    }
    return total;
  }
}

type Size = { vcpus?: number; ramMb?: number; diskGb?: number; availabilityZone?: string | null };

function createData(uuid: string, size: Size): ServerCreateRequested['data'] {
  return {
    serverId: 1, tenantId: 'tenant-1', userId: 'user-1', name: `vm-${uuid.slice(0, 8)}`, imageUuid: randomUUID(), imageId: '1', flavorId: '1',
    vcpus: size.vcpus ?? 1, ramMb: size.ramMb ?? 512, diskGb: size.diskGb ?? 10, metadata: {}, personality: [], userData: null, keyName: null, publicKey: null,
    securityGroups: ['default'], configDrive: false, accessIPv4: '', accessIPv6: '', availabilityZone: size.availabilityZone ?? null, multiCreateId: 'r-00000001',
    requestedAt: new Date().toISOString(),
  };
}

const host = (name: string, agentId: string, availabilityZone: string, ramMb: number, extra: Partial<ComputeHostRegistered['data']> = {}) => ({
  host: name, agentId, availabilityZone, vcpus: 8, ramMb, diskGb: 200, ...extra,
});

describe('scheduler decisions (Postgres + JetStream)', () => {
  let world: World;

  beforeAll(async () => {
    world = await World.create(1);
    await world.registerHosts([host('big', 'agent-a', 'az1', 8192), host('medium', 'agent-a', 'az1', 4096), host('small', 'agent-b', 'az2', 2048)]);
  });
  afterAll(() => world.dispose());

  it('schedules a server on the host with most free RAM and claims its resources, in one transaction with ServerScheduled', async () => {
    const uuid = await world.requestServer({ vcpus: 2, ramMb: 1024, diskGb: 20 });
    const decision = await world.decision(uuid);
    expect(decision.type).toBe('ServerScheduled');
    expect(decision.data).toMatchObject({ host: 'big', agentId: 'agent-a', availabilityZone: 'az1' });
    const [request] = await world.events(uuid);
    expect(decision.metadata).toMatchObject({ correlationId: `req-${uuid}`, causationId: request.eventId, tenantId: 'tenant-1', producer: 'scheduler' });
    expect(await world.claim(uuid)).toEqual({ host: 'big', vcpus: 2, ram_mb: 1024, disk_gb: 20 });
    expect(await world.hostRow('big')).toEqual({ used_vcpus: 2, used_ram_mb: 1024, used_disk_gb: 20, instances: 1 });
    expect(await world.decisions('scheduled')).toBeGreaterThanOrEqual(1);
  });

  it('spreads servers over the hosts with most free RAM as claims fill them', async () => {
    const chosen: string[] = [];
    for (let i = 0; i < 4; i++) chosen.push(((await world.decision(await world.requestServer({ ramMb: 2048 }))).data as { host: string }).host);
    // big: 8192 - 1024 used = 7168 free, medium 4096: big, big, then medium and big alternate by free RAM.
    expect(chosen).toEqual(['big', 'big', 'medium', 'big']);
  });

  it('sends a server to the availability zone it asks for', async () => {
    const decision = await world.decision(await world.requestServer({ availabilityZone: 'az2' }));
    expect(decision.data).toMatchObject({ host: 'small', agentId: 'agent-b', availabilityZone: 'az2' });
  });

  it('fails with "No valid host was found. " and the trace of hosts each filter left', async () => {
    const uuid = await world.requestServer({ ramMb: 64 * 1024 });
    const decision = await world.decision(uuid);
    expect(decision.type).toBe('ServerSchedulingFailed');
    const { fault } = decision.data as { fault: { code: number; message: string; details: string; created: string } };
    expect(fault).toMatchObject({ code: 500, message: 'No valid host was found. ', details: 'Filter ComputeFilter returned 3 host(s); Filter RamFilter returned 0 host(s)' });
    expect(Date.parse(fault.created)).not.toBeNaN();
    expect(await world.claim(uuid)).toBeUndefined();
    const zone = await world.decision(await world.requestServer({ availabilityZone: 'az9' }));
    expect((zone.data as { fault: { details: string } }).fault.details).toBe(
      'Filter ComputeFilter returned 3 host(s); Filter RamFilter returned 3 host(s); Filter CoreFilter returned 3 host(s); Filter DiskFilter returned 3 host(s); Filter AvailabilityZoneFilter returned 0 host(s)',
    );
    expect(await world.decisions('no_valid_host')).toBe(2);
  });

  it('releases the claim on ServerDeleted and on ServerBuildFailed, once', async () => {
    const at = new Date().toISOString();
    const [deleted, failed] = [await world.requestServer({ ramMb: 1000, availabilityZone: 'az2' }), await world.requestServer({ ramMb: 1000, availabilityZone: 'az2' })];
    await world.decision(deleted);
    await world.decision(failed);
    const before = await world.hostRow('small');
    expect(before).toMatchObject({ used_ram_mb: 512 + 2000, instances: 3 });
    await world.agent(deleted, { type: 'DeleteServer', at });
    await world.agent(deleted, { type: 'CompleteDelete', at });
    await world.agent(failed, { type: 'StartNetworking', at });
    await world.agent(failed, { type: 'FailBuild', step: 'networking', fault: { code: 500, message: 'boom', details: '', created: at } });
    await waitFor('both claims released', async () => !(await world.claim(deleted)) && !(await world.claim(failed)));
    expect(await world.hostRow('small')).toEqual({ used_vcpus: 1, used_ram_mb: 512, used_disk_gb: 10, instances: 1 });
    // Deleting the failed server later finds nothing left to release.
    await world.agent(failed, { type: 'DeleteServer', at });
    await world.agent(failed, { type: 'CompleteDelete', at });
    const gone = (await world.events(failed)).find((e) => e.type === 'ServerDeleted')!;
    await waitFor('the scheduler to apply ServerDeleted', async () =>
      (await world.ctx.pool.query(`SELECT 1 FROM "${world.ctx.appSchema}".processed_events WHERE consumer = 'scheduler' AND event_id = $1`, [gone.eventId])).rowCount === 1);
    expect(await world.hostRow('small')).toEqual({ used_vcpus: 1, used_ram_mb: 512, used_disk_gb: 10, instances: 1 });
    await waitFor('the in-memory host state to follow', () => world.instances[0].hosts.hostStates(Date.now()).find((s) => s.host === 'small')?.usedRamMb === 512);
  });

  it('does nothing for a server deleted before a host was chosen', async () => {
    const uuid = randomUUID();
    const at = new Date().toISOString();
    await world.store.append(`server-${uuid}`, 0, [
      { type: 'ServerCreateRequested', data: createData(uuid, {}) },
      { type: 'ServerDeleteRequested', data: { at } },
      { type: 'ServerDeleted', data: { tenantId: 'tenant-1', at } },
    ], { correlationId: `req-${uuid}`, producer: 'api-gateway' });
    await waitFor('the request refused', async () => (await world.decisions('refused')) === 1);
    expect((await world.events(uuid)).map((e) => e.type)).toEqual(['ServerCreateRequested', 'ServerDeleteRequested', 'ServerDeleted']);
    expect(await world.claim(uuid)).toBeUndefined();
  });
});

describe('hosts that are down or disabled (Postgres + JetStream)', () => {
  let world: World;

  beforeAll(async () => {
    world = await World.create(1);
    await world.registerHosts([
      host('silent-1', 'silent', 'az1', 16384),
      host('listed-1', 'lister', 'az1', 16384),
      host('reported-1', 'lister', 'az1', 16384),
      host('disabled-1', 'lister', 'az1', 16384),
      host('ok-1', 'lister', 'az1', 1024),
    ]);
  });
  afterAll(() => world.dispose());

  it('chooses none of them, and the trace shows ComputeFilter removing them', async () => {
    world.stopBeating('silent');
    world.heartbeat('lister', ['listed-1']);
    await world.hostEvent('reported-1', 'ComputeHostStateChanged', { up: false, reason: 'fault injection' });
    await world.hostEvent('disabled-1', 'ComputeHostEnabledChanged', { enabled: false });
    await world.waitForHosts('only ok-1 up and enabled', (up) => up.size === 1 && up.has('ok-1'));
    const decision = await world.decision(await world.requestServer({ ramMb: 1024 }));
    expect(decision.data).toMatchObject({ host: 'ok-1' });
    const full = await world.decision(await world.requestServer({ ramMb: 1024 }));
    expect((full.data as { fault: { details: string } }).fault.details).toBe('Filter ComputeFilter returned 1 host(s); Filter RamFilter returned 0 host(s)');
    expect((await world.registries[0].getSingleMetric('nova_scheduler_hosts')!.get()).values).toEqual(
      expect.arrayContaining([expect.objectContaining({ labels: { state: 'up' }, value: 1 }), expect.objectContaining({ labels: { state: 'down' }, value: 3 }), expect.objectContaining({ labels: { state: 'disabled' }, value: 1 })]),
    );
  });

  it('chooses them again once they heartbeat, are listed up, reported up and enabled', async () => {
    world.heartbeat('silent');
    world.heartbeat('lister');
    await world.hostEvent('reported-1', 'ComputeHostStateChanged', { up: true, reason: 'repaired' });
    await world.hostEvent('disabled-1', 'ComputeHostEnabledChanged', { enabled: true });
    await world.waitForHosts('every host up', (up) => up.size === 5);
    const chosen = new Set<string>();
    for (let i = 0; i < 4; i++) chosen.add(((await world.decision(await world.requestServer({ ramMb: 8192 }))).data as { host: string }).host);
    expect(chosen).toEqual(new Set(['silent-1', 'listed-1', 'reported-1', 'disabled-1']));
  });
});

describe('two scheduler replicas racing for little room (Postgres + JetStream)', () => {
  let world: World;
  const hosts = Array.from({ length: 6 }, (_, i) => host(`tight-${i}`, `agent-${i % 2}`, 'az1', 2048, { vcpus: 2, diskGb: 40 }));

  beforeAll(async () => {
    // Replicas that reload each other's claims only when told to: their caches go stale, so
    // they often pick a host the other has just filled, and only the database can say no.
    world = await World.create(2, { SCHEDULER_HOST_REFRESH_MS: '600000' });
    for (const h of hosts) await world.hostEvent(h.host, 'ComputeHostRegistered', { ...h });
    world.heartbeat('agent-0');
    world.heartbeat('agent-1');
    await waitFor('the hosts registered', async () => (await world.ctx.pool.query(`SELECT count(*)::int AS n FROM "${world.ctx.appSchema}".compute_hosts`)).rows[0].n === hosts.length);
    await Promise.all(world.instances.map((i) => i.reloadHosts()));
    await world.waitForHosts('every host up on both replicas', (up) => up.size === hosts.length);
  });
  afterAll(() => world.dispose());

  it('never over-commits a host, and every request ends scheduled or failed', async () => {
    const sizes = [256, 512, 768, 1024];
    const requests = await Promise.all(Array.from({ length: 80 }, (_, i) => world.requestServer({ vcpus: 1 + (i % 3), ramMb: sizes[i % 4], diskGb: 1 + (i % 7) })));
    const decisions = await Promise.all(requests.map((uuid) => world.decision(uuid)));
    const scheduled = decisions.filter((d) => d.type === 'ServerScheduled').length;
    const { rows } = await world.ctx.pool.query(
      `SELECT h.host, h.vcpus, h.ram_mb, h.disk_gb, h.used_vcpus, h.used_ram_mb, h.used_disk_gb, h.instances,
              coalesce(sum(c.vcpus), 0)::int AS claimed_vcpus, coalesce(sum(c.ram_mb), 0)::int AS claimed_ram_mb,
              coalesce(sum(c.disk_gb), 0)::int AS claimed_disk_gb, count(c.server_uuid)::int AS claims
         FROM "${world.ctx.appSchema}".compute_hosts h LEFT JOIN "${world.ctx.appSchema}".claims c ON c.host = h.host
        GROUP BY h.host ORDER BY h.host`,
    );
    for (const r of rows) {
      expect(r.claimed_ram_mb).toBeLessThanOrEqual(r.ram_mb * 1.5);
      expect(r.claimed_vcpus).toBeLessThanOrEqual(r.vcpus * 16);
      expect(r.claimed_disk_gb).toBeLessThanOrEqual(r.disk_gb * 1.0);
      expect([r.used_ram_mb, r.used_vcpus, r.used_disk_gb, r.instances]).toEqual([r.claimed_ram_mb, r.claimed_vcpus, r.claimed_disk_gb, r.claims]);
    }
    expect(rows.reduce((n, r) => n + r.claims, 0)).toBe(scheduled);
    // 6 hosts of 3072 MB usable: the RAM of about 30 of the 80 servers; the rest find no host.
    expect(scheduled).toBeGreaterThan(20);
    expect(scheduled).toBeLessThan(80);
    expect(await world.decisions('scheduled')).toBe(scheduled);
    expect(await world.decisions('no_valid_host')).toBe(80 - scheduled);
    // Both replicas decided, and the database refused claims their stale caches thought fit.
    for (const registry of world.registries) {
      const values = (await registry.getSingleMetric('nova_scheduler_decisions_total')!.get()).values;
      expect(values.reduce((n, v) => n + v.value, 0)).toBeGreaterThan(0);
    }
    const conflicts = await Promise.all(world.registries.map(async (r) => (await r.getSingleMetric('nova_scheduler_claim_conflicts_total')!.get()).values[0]?.value ?? 0));
    expect(conflicts[0] + conflicts[1]).toBeGreaterThan(0);
  });

  it('gives every host its room back when the servers are deleted', async () => {
    const at = new Date().toISOString();
    const { rows } = await world.ctx.pool.query(`SELECT server_uuid FROM "${world.ctx.appSchema}".claims`);
    await Promise.all(rows.map(async ({ server_uuid: uuid }) => {
      await world.agent(uuid, { type: 'DeleteServer', at });
      await world.agent(uuid, { type: 'CompleteDelete', at });
    }));
    await waitFor('every claim released', async () => (await world.ctx.pool.query(`SELECT count(*)::int AS n FROM "${world.ctx.appSchema}".claims`)).rows[0].n === 0, { timeoutMs: 20_000 });
    const used = await world.ctx.pool.query(`SELECT sum(used_vcpus + used_ram_mb + used_disk_gb + instances)::int AS n FROM "${world.ctx.appSchema}".compute_hosts`);
    expect(used.rows[0].n).toBe(0);
  });
});
