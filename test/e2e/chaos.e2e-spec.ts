// The chaos runner in CI (scripts/chaos, docs/chaos.md): 200 boot-and-delete iterations while
// the scheduler and the compute agent are each SIGKILLed twice at seeded times and started
// again, then the stack settles and every invariant of ../shared/DESIGN.md must hold. And the
// checker itself: state corrupted on purpose behind the log's back is reported, invariant by
// invariant, naming the server, address, host, tenant, reservation or consumer at fault.

import { randomUUID } from 'node:crypto';
import { parseIpv4 } from '@app/domain';
import { type InvariantReport, checkInvariants, stackSchemasFrom } from '../../scripts/chaos/invariants';
import { DEFAULT_RATIOS } from '../../scripts/chaos/invariants/check-hosts';
import { formatChaosReport } from '../../scripts/chaos/report';
import { runChaos } from '../../scripts/chaos/run-chaos';
import { type ChaosStack, startChaosStack } from '../../scripts/chaos/stack';
import { waitFor } from '../harness/wait-for';
import { DEFAULT_TENANTS, type Gateway } from './support/gateway';

const schemas = stackSchemasFrom({});
const base = `/v1.1/${DEFAULT_TENANTS.demo}`;

describe('chaos: apps killed mid-flow lose nothing and leave nothing stuck', () => {
  let stack: ChaosStack;
  let gw: Gateway;

  beforeAll(async () => {
    stack = await startChaosStack({ tenants: ['demo', 'alt'], computeProfile: 'zero', computeHosts: 10 });
    gw = stack.gateway!;
  }, 180_000);
  afterAll(() => stack?.stop(), 60_000);

  it('200 boot-and-delete iterations while the scheduler and the compute agent are each killed twice: every invariant holds', async () => {
    const log: string[] = [];
    const report = await runChaos(stack, {
      scenario: 'boot-and-delete',
      runner: { type: 'concurrency', concurrency: 10, times: 200 },
      tenants: [
        { username: 'demo', password: 'demo', tenantName: 'demo' },
        { username: 'alt', password: 'alt', tenantName: 'alt' },
      ],
      seed: 8,
      kill: ['scheduler', 'compute-agent'],
      killsPerApp: 2,
      killInterval: { min: 2000, max: 5000 },
      downTime: { min: 200, max: 1500 },
      busFaults: [],
      busFaultStart: { min: 0, max: 0 },
      settleTimeoutMs: 90_000,
      schemas,
      ratios: DEFAULT_RATIOS,
      log: (line) => log.push(line),
    });
    console.log(`${log.join('\n')}\n${formatChaosReport(report)}`);

    expect(report.kills.map((k) => k.app).sort()).toEqual(['compute-agent', 'compute-agent', 'scheduler', 'scheduler']);
    expect(report.kills.every((k) => k.readyAtMs !== null && k.newPid !== k.pid)).toBe(true);
    expect(report.kills.filter((k) => k.duringLoad).length).toBeGreaterThanOrEqual(2);
    const accepted = report.load!.servers.filter((s) => s.accepted);
    expect(accepted.length).toBeGreaterThanOrEqual(190);
    expect(report.settle.settled).toBe(true);
    expect(report.invariants.results.filter((r) => r.skipped)).toEqual([]);
    expect(report.invariants.violations).toEqual([]);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  }, 300_000);

  it('names the server, address, host, tenant, reservation and consumer at fault when the state is corrupted on purpose', async () => {
    const token = await gw.token('demo');
    const uuids: string[] = [];
    for (const name of ['corrupt-a', 'corrupt-b', 'corrupt-c', 'corrupt-d']) {
      const created = await gw.call('POST', `${base}/servers`, { token, body: { server: { name, imageRef: '120', flavorRef: '100' } } });
      expect(created.status).toBe(202);
      uuids.push(created.json().server.uuid);
    }
    const [a, b, c, d] = uuids;
    const rows = () => gw.database.query<{ uuid: string; vm_state: string; task_state: string | null; fixed_ip: string | null; host: string | null }>(
      'SELECT uuid, vm_state, task_state, fixed_ip, host FROM api_gateway.servers WHERE uuid = ANY($1)',
      [uuids],
    );
    await waitFor('four servers ACTIVE', async () => (await rows()).filter((r) => r.vm_state === 'ACTIVE' && r.task_state === null).length === 4, { timeoutMs: 60_000 });
    expect((await gw.call('DELETE', `${base}/servers/${d}`, { token })).status).toBe(204);
    await waitFor('server d DELETED', async () => (await rows()).some((r) => r.uuid === d && r.vm_state === 'DELETED'), { timeoutMs: 60_000 });
    const check = (): Promise<InvariantReport> => checkInvariants({ databaseUrl: gw.database.url, schemas, nats: stack.nats });
    await waitFor('the stack to be consistent again', async () => (await check()).ok, { timeoutMs: 60_000, intervalMs: 1000 });

    // The apps stop (nothing repairs the damage while the checker looks), then the damage.
    for (const child of [gw.process, ...Object.values(gw.apps)]) child!.signal('SIGTERM');
    await Promise.all([gw.process, ...Object.values(gw.apps)].map((child) => child!.exitWithin(20_000)));
    const byUuid = new Map((await rows()).map((r) => [r.uuid, r]));
    const [host, otherHost] = (await gw.database.query<{ host: string }>('SELECT host FROM scheduler.compute_hosts ORDER BY host LIMIT 2')).map((h) => h.host);
    const reservation = randomUUID();
    await gw.database.query(`UPDATE api_gateway.servers SET vm_state = 'BUILD', task_state = 'spawning' WHERE uuid = $1`, [a]);
    await gw.database.query(`UPDATE api_gateway.servers SET fixed_ip = $2 WHERE uuid = $1`, [c, byUuid.get(b)!.fixed_ip]);
    await gw.database.query('INSERT INTO scheduler.claims (server_uuid, host, vcpus, ram_mb, disk_gb) VALUES ($1, $2, 1, 512, 0)', [d, host]);
    await gw.database.query('UPDATE scheduler.compute_hosts SET used_vcpus = vcpus * 16 + 1 WHERE host = $1', [otherHost]);
    await gw.database.query(`INSERT INTO network.allocated_addresses (pool, address, tenant_id, server_id) VALUES ('fixed', $1, $2, $3)`, [parseIpv4('10.0.200.7'), DEFAULT_TENANTS.demo, d]);
    await gw.database.query(`UPDATE quota.quota_usages SET in_use = in_use + 1 WHERE tenant_id = $1 AND resource = 'instances'`, [DEFAULT_TENANTS.demo]);
    await gw.database.query(
      `INSERT INTO quota.reservations (reservation_id, resource, tenant_id, delta, remaining, state, expires_at, correlation_id)
       VALUES ($1, 'instances', $2, 1, 1, 'reserved', now() + interval '1 hour', 'req-corrupted')`,
      [reservation, DEFAULT_TENANTS.alt],
    );
    await gw.database.query(
      `INSERT INTO api_gateway.parked_events (consumer, event_id, stream_name, stream_version, type, subject, payload, error, delivery_count)
       VALUES ('servers', $1, $2, 99, 'ServerRebooted', 'events.server.ServerRebooted', '{}', 'corrupted on purpose', 5)`,
      [randomUUID(), `server-${a}`],
    );

    const report = await check();
    console.log(report.violations.map((v) => `${v.invariant} | ${v.subject} | ${v.message}`).join('\n'));
    const found = (invariant: string, subject: string) => report.violations.some((v) => v.invariant === invariant && v.subject === subject);
    expect(report.ok).toBe(false);
    expect(found('server-settled', `server ${a}`)).toBe(true);
    expect(found('server-row-equals-fold', `server ${a}`)).toBe(true);
    expect(found('server-row-equals-fold', `server ${c}`)).toBe(true);
    expect(found('projections-equal-replay', 'projection api-gateway/servers')).toBe(true);
    expect(found('address-held-once', `address ${byUuid.get(b)!.fixed_ip}`)).toBe(true);
    expect(found('address-owner-live', 'address 10.0.200.7')).toBe(true);
    expect(found('claim-owner-live', `server ${d}`)).toBe(true);
    expect(found('host-usage-equals-claims', `host ${host}`)).toBe(true);
    expect(found('host-within-capacity', `host ${otherHost}`)).toBe(true);
    expect(found('quota-usage-equals-log', `tenant ${DEFAULT_TENANTS.demo}`)).toBe(true);
    expect(found('quota-usage-equals-holdings', `tenant ${DEFAULT_TENANTS.demo}`)).toBe(true);
    expect(found('no-open-reservation', `reservation ${reservation}`)).toBe(true);
    expect(found('no-parked-event', 'consumer servers')).toBe(true);
    // What was not damaged still holds.
    const passing = report.results.filter((r) => r.violations.length === 0).map((r) => r.name);
    expect(passing).toEqual(expect.arrayContaining(['relay-caught-up', 'consumers-caught-up', 'compute-task-finished', 'error-has-fault', 'placed-server-claimed', 'server-addresses-allocated']));
  }, 180_000);
});
