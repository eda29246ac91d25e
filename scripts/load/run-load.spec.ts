// runLoad against a small in-process fake of the compute API (fake-nova.ts): every scenario
// end to end, tenants in turn with one token each, quotas lifted, failures named by type, the
// SLA, the rate runner's latency counted from the due time, and the setup errors (exit code 2).

import { CLIENT_PHASES } from './scenarios';
import { type FakeBehaviour, type FakeNova, startFakeNova } from './fake-nova';
import { tenantsFor } from './load-tenants';
import { LIFTED_QUOTAS, LoadArgumentError, type LoadOptions, LoadSetupError, runLoad, SCENARIOS } from './run-load';

const USERS = ['demo', 'alt', 'admin', 'load-01', 'load-02', 'load-03'];
const ADMIN = { username: 'admin', password: 'admin', tenantName: 'admin' };

describe('runLoad', () => {
  let nova: FakeNova;
  let plan: (iteration: number) => FakeBehaviour = () => 'ok';

  beforeEach(async () => {
    plan = () => 'ok';
    nova = await startFakeNova(USERS, (i) => plan(i));
  });
  afterEach(() => nova.close());

  const options = (extra: Partial<LoadOptions> = {}): LoadOptions => ({
    baseUrl: nova.url,
    scenario: 'boot-and-delete',
    runner: { type: 'concurrency', concurrency: 3, times: 6 },
    tenants: tenantsFor(3),
    adminCredentials: ADMIN,
    ...extra,
  });

  it.each(SCENARIOS)('runs %s: every iteration ok, its phases timed, every server deleted', async (scenario) => {
    const report = await runLoad(options({ scenario }));
    expect(report.iterations.map((i) => [i.index, i.ok, i.errorType])).toEqual([0, 1, 2, 3, 4, 5].map((i) => [i, true, undefined]));
    expect(Object.keys(report.phases)).toEqual([...CLIENT_PHASES[scenario], 'total']);
    for (const phase of Object.values(report.phases)) expect(phase.count).toBe(6);
    expect(report.failureRate).toBe(0);
    if (scenario === 'create-and-delete-floating-ip') {
      expect(report.servers).toEqual([]);
    } else {
      expect(report.servers).toHaveLength(6);
      for (const s of report.servers) expect(s).toMatchObject({ accepted: true, finalStatus: 'DELETED', uuid: expect.any(String), id: expect.stringMatching(/^\d+$/) });
    }
  });

  it('spreads iterations over the tenants in turn, with one token per tenant', async () => {
    const report = await runLoad(options({ runner: { type: 'concurrency', concurrency: 2, times: 7 } }));
    expect(report.iterations.map((i) => i.tenant)).toEqual(['load-01', 'load-02', 'load-03', 'load-01', 'load-02', 'load-03', 'load-01']);
    expect(report.tenants).toEqual(['load-01', 'load-02', 'load-03']);
    expect(Object.fromEntries(nova.tokenRequests)).toEqual({ 'load-01': 1, 'load-02': 1, 'load-03': 1, admin: 1 });
    expect(new Set(report.servers.map((s) => s.tenantId)).size).toBe(3);
  });

  it('lifts each tenant\'s quotas to unlimited as the admin, and not without admin credentials', async () => {
    await runLoad(options());
    expect([...nova.quotaSets.keys()].sort()).toEqual(['10000000000103', '10000000000104', '10000000000105']);
    for (const body of nova.quotaSets.values()) expect(body).toEqual({ quota_set: { instances: -1, cores: -1, ram: -1, floating_ips: -1 } });
    expect(LIFTED_QUOTAS).toEqual({ instances: -1, cores: -1, ram: -1, floating_ips: -1 });
    nova.quotaSets.clear();
    await runLoad(options({ adminCredentials: undefined }));
    expect(nova.quotaSets.size).toBe(0);
  });

  it('names each failure by type and checks the SLA on them', async () => {
    plan = (i) => (['ok', 'error', 'stuck', 'over-limit'] as const)[i];
    const report = await runLoad(options({ runner: { type: 'concurrency', concurrency: 4, times: 4 }, timeoutMs: 300, sla: { maxFailureRate: 0.5, maxP95Ms: { boot: 60_000 } } }));
    expect(report.iterations.map((i) => i.errorType)).toEqual([undefined, 'error_state', 'timeout_active', 'http_413']);
    expect(report.iterations[1].error).toMatch(/is ERROR: 500 No valid host was found/);
    expect(report.iterations[2].error).toMatch(/not within 300 ms \(last seen: BUILD\(scheduling\)\)/);
    expect(report.iterations[3].error).toBe('POST /servers: 413 Quota exceeded for instances');
    expect(report.servers.map((s) => [s.accepted, s.finalStatus])).toEqual([
      [true, 'DELETED'],
      [true, 'ERROR'],
      [true, 'BUILD(scheduling)'],
      [false, null],
    ]);
    expect(report.failureRate).toBe(0.75);
    expect(report.phases.total.count).toBe(1);
    expect(report.sla).toEqual({
      passed: false,
      checks: [
        { name: 'failure_rate', limit: 0.5, actual: 0.75, passed: false },
        { name: 'p95:boot', limit: 60_000, actual: expect.any(Number), passed: true },
      ],
    });
  });

  it('counts latency from when an iteration was due when the load generator itself falls behind', async () => {
    let blocked = false;
    nova.onRequest = (method, path) => {
      if (method === 'POST' && path.endsWith('/servers') && !blocked) {
        blocked = true;
        const until = performance.now() + 400; // the whole process is stuck: no iteration can start meanwhile
        while (performance.now() < until);
      }
    };
    const report = await runLoad(options({ runner: { type: 'rate', perSecond: 20, durationSeconds: 0.6 } }));
    expect(report.iterations).toHaveLength(12);
    expect(report.iterations.every((i) => i.ok)).toBe(true);
    const late = report.iterations.filter((i) => i.lagMs >= 150);
    expect(late.length).toBeGreaterThan(0);
    // The wait before the start is in the latency: boot counts from the due time.
    for (const i of report.iterations) {
      expect(i.durations.boot).toBeGreaterThanOrEqual(i.lagMs);
      expect(i.durations.total).toBeGreaterThanOrEqual(i.durations.boot);
    }
    // Due on the fixed schedule, 50 ms apart, whatever happened.
    const due = report.iterations.map((i) => Date.parse(i.startedAt));
    for (let k = 1; k < due.length; k++) expect(due[k] - due[k - 1]).toBeGreaterThanOrEqual(49);
    for (let k = 1; k < due.length; k++) expect(due[k] - due[k - 1]).toBeLessThanOrEqual(51);
  });

  it('refuses to start (exit code 2) when the stack cannot be reached or a tenant cannot sign in', async () => {
    await expect(runLoad(options({ baseUrl: 'http://127.0.0.1:9' }))).rejects.toThrow(LoadSetupError);
    await expect(runLoad(options({ tenants: tenantsFor(4) }))).rejects.toThrow(/tenant load-04 cannot get a token: .*401.*IDENTITY_FILE=config\/identity.load.json/);
    await expect(runLoad(options({ adminCredentials: { username: 'demo', password: 'demo', tenantName: 'demo' } }))).rejects.toThrow(/cannot lift the quotas of load-01: PUT os-quota-sets answered 403/);
    await expect(runLoad(options({ runner: { type: 'concurrency', concurrency: 0, times: 1 } }))).rejects.toThrow(LoadArgumentError);
    expect(nova.creates).toEqual([]);
  });
});
