// The whole stack, end to end: every app running, a client creating, acting on and deleting
// servers through the HTTP API, and the server streams in the log showing each app's step.
// Nova's states on the way (BUILD(scheduling) ... ACTIVE), the two-phase actions, "no valid
// host", a host going down and a HARD reboot bringing its server back, multi-create, and at
// the end `npm run replay`: every projection equals its rebuild from the log.
/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Pool } from 'pg';
import { ComputeClient, ComputeUnavailableError } from '@app/contracts';
import { PgPoolDb, PostgresEventStore } from '@app/event-store';
import { createRpcProxy, rpcSend } from '@app/platform';
import { waitFor } from '../harness/wait-for';
import { DEFAULT_TENANTS, type Gateway, startGateway } from './support/gateway';

const ROOT = join(__dirname, '..', '..');
const AGENT = 'e2e-agent';
const base = `/v1.1/${DEFAULT_TENANTS.demo}`;

describe('server lifecycle across every app', () => {
  let gw: Gateway;
  let pool: Pool;
  let store: PostgresEventStore;
  let compute: ComputeClient;
  let closeCompute: () => Promise<void>;
  let demo: string;

  beforeAll(async () => {
    gw = await startGateway(
      {},
      {
        apps: ['quota', 'network', 'scheduler', 'compute-agent'],
        // Four small hosts: flavor 1 (512 MB) fits, the largest flavor does not (no valid host).
        appEnv: { 'compute-agent': { COMPUTE_AGENT_ID: AGENT, COMPUTE_HOSTS: '4', HOST_RAM_MB: '4096', HOST_VCPUS: '4', COMPUTE_PROFILE: 'zero', HEARTBEAT_INTERVAL_MS: '500' } },
      },
    );
    pool = new Pool({ connectionString: gw.database.url, max: 2 });
    store = new PostgresEventStore(new PgPoolDb(pool), { schema: 'event_store' });
    const proxy = createRpcProxy({ natsServers: [process.env.NATS_URL ?? 'nats://127.0.0.1:4222'], natsNamespace: gw.namespace, name: 'lifecycle-e2e' });
    compute = new ComputeClient(rpcSend(proxy, gw.namespace, 'compute', ComputeUnavailableError));
    closeCompute = () => proxy.close();
    demo = await gw.token('demo');
  }, 240_000);

  afterAll(async () => {
    await closeCompute?.();
    await pool?.end();
    await gw?.stop();
  }, 60_000);

  async function create(body: Record<string, unknown>): Promise<{ id: string; uuid: string; adminPass: string }> {
    const response = await gw.call('POST', `${base}/servers`, { token: demo, body: { server: { imageRef: '120', flavorRef: '100', ...body } } });
    expect(response.status).toBe(202);
    return response.json().server;
  }

  async function server(id: string): Promise<any> {
    const response = await gw.call('GET', `${base}/servers/${id}`, { token: demo });
    return response.status === 200 ? response.json().server : { status: `HTTP ${response.status}` };
  }

  async function until(id: string, status: string, timeoutMs = 30_000): Promise<any> {
    let last: any;
    return waitFor(`server ${id} to be ${status}`, async () => ((last = await server(id)).status === status ? last : undefined), { timeoutMs, detail: () => last });
  }

  async function types(uuid: string): Promise<string[]> {
    return (await store.readStream(`server-${uuid}`)).map((e) => e.type);
  }

  it('builds a server through every BUILD(task) state, each step written by its app', async () => {
    const created = await create({ name: 'life-1', metadata: { purpose: 'e2e' } });
    expect(created.adminPass).toEqual(expect.any(String));
    // Read-your-writes: the server is there at once.
    expect((await server(created.id)).name).toBe('life-1');
    const active = await until(created.id, 'ACTIVE');
    expect(active.progress).toBe(100);
    expect(active.hostId).toMatch(/^[0-9a-f]{56}$/);
    const addresses = active.addresses.private.map((a: { addr: string }) => a.addr);
    expect(addresses).toHaveLength(2);
    expect(addresses[0]).toMatch(/^10\./);
    expect(addresses[1]).toMatch(/^15\./);

    const events = await store.readStream(`server-${created.uuid}`);
    expect(events.map((e) => [e.type, e.metadata.producer])).toEqual([
      ['ServerCreateRequested', 'api-gateway'],
      ['ServerScheduled', 'scheduler'],
      ['ServerNetworkingStarted', 'compute-agent'],
      ['ServerNetworkAllocated', 'compute-agent'],
      ['ServerBlockDeviceMappingStarted', 'compute-agent'],
      ['ServerSpawningStarted', 'compute-agent'],
      ['ServerBuilt', 'compute-agent'],
    ]);
    // One request followed through every app.
    expect(new Set(events.map((e) => e.metadata.correlationId)).size).toBe(1);

    // Nova's audit trail of the create, with its steps, as a projection of the same events.
    const requestId = events[0].metadata.correlationId;
    const actions = await waitFor('the create action', async () => {
      const list = (await gw.call('GET', `${base}/servers/${created.id}/os-instance-actions`, { token: demo })).json().instanceActions;
      return list?.length ? list : undefined;
    });
    expect(actions[0]).toMatchObject({ action: 'create', request_id: requestId, instance_uuid: created.uuid, project_id: DEFAULT_TENANTS.demo });
    const detail = await waitFor('the build step to finish', async () => {
      const action = (await gw.call('GET', `${base}/servers/${created.id}/os-instance-actions/${requestId}`, { token: demo })).json().instanceAction;
      return action?.events?.every((e: { result: string | null }) => e.result === 'Success') && action.events.length === 2 ? action : undefined;
    });
    expect(detail.events.map((e: { event: string }) => e.event).sort()).toEqual(['compute__do_build_and_run_instance', 'scheduler_select_destinations']);
    // The administrators' raw view of the stream; 403 for a tenant.
    const admin = await gw.token('admin');
    const raw = await gw.call('GET', `/v1.1/${DEFAULT_TENANTS.admin}/os-server-events/${created.uuid}`, { token: admin });
    expect(raw.json().events.map((e: { app: string }) => e.app)).toContain('scheduler');
    expect((await gw.call('GET', `${base}/os-server-events/${created.uuid}`, { token: demo })).status).toBe(403);
  }, 60_000);

  it('reboots SOFT and HARD, rebuilds, snapshots and shows the console, each as two facts', async () => {
    const { id, uuid } = await create({ name: 'life-actions' });
    await until(id, 'ACTIVE');

    expect((await gw.call('POST', `${base}/servers/${id}/action`, { token: demo, body: { reboot: { type: 'SOFT' } } })).status).toBe(202);
    await waitFor('the soft reboot', async () => (await types(uuid)).includes('ServerRebooted'));
    expect((await gw.call('POST', `${base}/servers/${id}/action`, { token: demo, body: { reboot: { type: 'HARD' } } })).status).toBe(202);
    await waitFor('the hard reboot', async () => (await types(uuid)).filter((t) => t === 'ServerRebooted').length === 2);
    await until(id, 'ACTIVE');

    const rebuilt = await gw.call('POST', `${base}/servers/${id}/action`, { token: demo, body: { rebuild: { imageRef: '34971', name: 'life-rebuilt' } } });
    expect(rebuilt.status).toBe(202);
    expect(rebuilt.json().server.adminPass).toEqual(expect.any(String));
    await waitFor('the rebuild', async () => (await types(uuid)).includes('ServerRebuilt'));
    const afterRebuild = await until(id, 'ACTIVE');
    expect(afterRebuild.name).toBe('life-rebuilt');
    expect(String(afterRebuild.image.id)).toBe('34971');

    const snapshot = await gw.call('POST', `${base}/servers/${id}/action`, { token: demo, body: { createImage: { name: 'life-snap' } } });
    expect(snapshot.status).toBe(202);
    const imagePath = new URL(snapshot.headers.get('location')!).pathname;
    await waitFor('the snapshot image to be ACTIVE', async () => (await gw.call('GET', imagePath, { token: demo })).json().image?.status === 'ACTIVE');
    const snapshots = (await gw.call('GET', `${base}/images/detail?type=SNAPSHOT`, { token: demo })).json().images;
    expect(snapshots.map((i: { name: string }) => i.name)).toContain('life-snap');

    const console = await gw.call('POST', `${base}/servers/${id}/action`, { token: demo, body: { 'os-getConsoleOutput': { length: 5 } } });
    expect(console.status).toBe(200);
    expect(console.json().output.split('\n').filter(Boolean).length).toBeLessThanOrEqual(5);

    expect(await types(uuid)).toEqual(expect.arrayContaining(['ServerRebootRequested', 'ServerRebuildRequested', 'ServerSnapshotRequested', 'ServerSnapshotCompleted']));
  }, 90_000);

  it('refuses an action the state does not allow with 409 and writes nothing', async () => {
    const { id, uuid } = await create({ name: 'life-refused' });
    await until(id, 'ACTIVE');
    const before = await types(uuid);
    await gw.call('POST', `${base}/servers/${id}/action`, { token: demo, body: { reboot: { type: 'SOFT' } } });
    // A second soft reboot while the first may still run, or a rebuild then: only refusals add nothing.
    const snapshot = await gw.call('POST', `${base}/servers/${id}/action`, { token: demo, body: { createImage: { name: 'x' } } });
    if (snapshot.status === 409) expect(snapshot.json().conflictingRequest.message).toMatch(/createImage/);
    const unknown = await gw.call('POST', `${base}/servers/${id}/action`, { token: demo, body: { levitate: {} } });
    expect(unknown.status).toBe(400);
    expect((await types(uuid)).length).toBeGreaterThanOrEqual(before.length);
  }, 60_000);

  it('ends in ERROR with "No valid host" and the filter trace when nothing fits', async () => {
    const { id, uuid } = await create({ name: 'life-too-big', flavorRef: '105' });
    const failed = await until(id, 'ERROR');
    expect(failed.fault.message).toMatch(/No valid host/);
    expect(failed.fault.details).toMatch(/RamFilter/);
    expect(failed.fault.code).toBe(500);
    expect(await types(uuid)).toEqual(['ServerCreateRequested', 'ServerSchedulingFailed']);
    // An ERROR server is deleted at once (no host to ask).
    expect((await gw.call('DELETE', `${base}/servers/${id}`, { token: demo })).status).toBe(204);
    await waitFor('the failed server to be gone', async () => (await server(id)).status === 'HTTP 404');
  }, 60_000);

  it('stops the servers of a host that goes down, and a HARD reboot brings one back once it is up', async () => {
    const { id } = await create({ name: 'life-host-down' });
    const active = await until(id, 'ACTIVE');
    const { uuid } = active;
    const host = (await store.readStream(`server-${uuid}`)).find((e) => e.type === 'ServerScheduled')!.data as { host: string };
    await compute.setHostState(AGENT, { host: host.host, up: false, reason: 'e2e', correlationId: 'req-e2e-host-down' });
    await until(id, 'STOPPED');
    await compute.setHostState(AGENT, { host: host.host, up: true, reason: 'e2e', correlationId: 'req-e2e-host-up' });
    expect((await gw.call('POST', `${base}/servers/${id}/action`, { token: demo, body: { reboot: { type: 'HARD' } } })).status).toBe(202);
    await until(id, 'ACTIVE');
  }, 90_000);

  it('creates min(max_count, what fits) servers sharing one name, and 413 when min_count cannot fit', async () => {
    const many = await gw.call('POST', `${base}/servers`, { token: demo, body: { server: { name: 'life-multi', imageRef: '120', flavorRef: '100', min_count: 2, max_count: 3 } } });
    expect(many.status).toBe(202);
    const listed = await waitFor('three servers named life-multi', async () => {
      const servers = (await gw.call('GET', `${base}/servers/detail?name=life-multi`, { token: demo })).json().servers;
      return servers.length === 3 ? servers : undefined;
    });
    for (const s of listed) await until(String(s.id), 'ACTIVE');
    const tooMany = await gw.call('POST', `${base}/servers`, { token: demo, body: { server: { name: 'life-toomany', imageRef: '120', flavorRef: '100', min_count: 50 } } });
    expect(tooMany.status).toBe(413);
    expect(tooMany.json().overLimit).toBeDefined();
  }, 90_000);

  it('deletes servers through the agent, releasing addresses, and lists them as DELETED with changes-since', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const { id, uuid } = await create({ name: 'life-delete' });
    await until(id, 'ACTIVE');
    expect((await gw.call('DELETE', `${base}/servers/${id}`, { token: demo })).status).toBe(204);
    await waitFor('the server to be DELETED', async () => (await types(uuid)).includes('ServerDeleted'));
    const changed = (await gw.call('GET', `${base}/servers/detail?changes-since=${encodeURIComponent(since)}`, { token: demo })).json().servers;
    await waitFor('the deleted server in changes-since', async () => {
      const list = (await gw.call('GET', `${base}/servers/detail?changes-since=${encodeURIComponent(since)}`, { token: demo })).json().servers;
      return list.find((s: { id: unknown; status: string }) => String(s.id) === String(id) && s.status === 'DELETED');
    });
    expect(changed).toBeDefined();
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM network.allocated_addresses WHERE server_id = $1`, [uuid]);
    expect(rows[0].n).toBe(0);
  }, 60_000);

  it('deletes every server it made and then replays every projection equal to the live one', async () => {
    const servers = (await gw.call('GET', `${base}/servers`, { token: demo })).json().servers as { id: string }[];
    for (const s of servers) expect((await gw.call('DELETE', `${base}/servers/${s.id}`, { token: demo })).status).toBe(204);
    await waitFor('every server to be gone', async () => (await gw.call('GET', `${base}/servers`, { token: demo })).json().servers.length === 0, { timeoutMs: 60_000 });
    // Every fixed and auto-assigned floating address went back to the pools.
    await waitFor('the address pools to be as they were', async () => {
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM network.allocated_addresses`);
      return rows[0].n === 0;
    });
    // The scheduler gave every claim back.
    const { rows: claims } = await pool.query(`SELECT count(*)::int AS n FROM scheduler.claims`);
    expect(claims[0].n).toBe(0);
    const { rows: hosts } = await pool.query(`SELECT coalesce(sum(used_ram_mb), 0)::int AS ram, coalesce(sum(used_vcpus), 0)::int AS vcpus FROM scheduler.compute_hosts`);
    expect(hosts[0]).toEqual({ ram: 0, vcpus: 0 });
    // The stack settles: no server in a task, every consumer caught up.
    await waitFor('the gateway projection to settle', async () => {
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM api_gateway.servers WHERE task_state IS NOT NULL`);
      return rows[0].n === 0;
    });
    await waitFor('replay to equal live', () => {
      const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'replay.ts')], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: gw.database.url },
        encoding: 'utf8',
        timeout: 60_000,
      });
      return run.status === 0 ? run.stdout : undefined;
    }, { timeoutMs: 60_000, intervalMs: 2000 });
  }, 180_000);
});
