// `npm run load` against the whole stack (gateway with the load identity file, quota, network,
// scheduler, compute agent with the zero-delay profile): a small boot-and-delete over three
// tenants passes its SLA with exit code 0 and writes the JSON and HTML reports, with the
// per-phase durations read from the servers' own events; the same run with an impossible SLA
// exits 1; a bad argument or an unreachable stack exits 2. Then every other scenario, run
// through runLoad as the chaos runner does.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tenantsFor } from '../../scripts/load/load-tenants';
import { type LoadReport, runLoad, type ScenarioName } from '../../scripts/load/run-load';
import { freePort } from './support/free-port';
import { type Gateway, startGateway } from './support/gateway';

const ROOT = join(__dirname, '..', '..');
const SERVER_PHASES = ['scheduling', 'dispatch', 'networking', 'block_device_mapping', 'spawning', 'build', 'server_delete'];

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function load(args: string[]): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'load', 'main.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the load tool against the stack', () => {
  let gw: Gateway;
  let dir: string;
  let run: string[];

  beforeAll(async () => {
    gw = await startGateway(
      { IDENTITY_FILE: 'config/identity.load.json' },
      {
        apps: ['quota', 'network', 'scheduler', 'compute-agent'],
        appEnv: { 'compute-agent': { COMPUTE_AGENT_ID: 'load-e2e', COMPUTE_PROFILE: 'zero', HEARTBEAT_INTERVAL_MS: '500' } },
      },
    );
    dir = mkdtempSync(join(tmpdir(), 'load-e2e-'));
    run = ['boot-and-delete', '--url', gw.url, '--times', '10', '--concurrency', '4', '--tenants', '3', '--database-url', gw.database.url];
  }, 180_000);

  afterAll(async () => {
    await gw?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('boots and deletes 10 servers over 3 tenants, passes its SLA (exit 0) and writes both reports, with phases from the events', async () => {
    const json = join(dir, 'pass.json');
    const html = join(dir, 'pass.html');
    const exit = await load([...run, '--sla-max-failure-rate', '0', '--sla-max-p95', 'boot=20000', '--sla-max-p95', 'scheduling=10000', '--out-json', json, '--out-html', html]);
    expect({ code: exit.code, stderr: exit.stderr.slice(-2000) }).toMatchObject({ code: 0 });
    expect(exit.stdout).toContain('SLA passed');
    expect(exit.stderr).toMatch(/boot-and-delete \[#+\] 10\/10 100%/); // the progress bar's last line

    const report = JSON.parse(readFileSync(json, 'utf8')) as LoadReport;
    expect(report.iterations).toHaveLength(10);
    expect(report.iterations.every((i) => i.ok)).toBe(true);
    expect(report.tenants).toEqual(['load-01', 'load-02', 'load-03']);
    expect(new Set(report.servers.map((s) => s.tenantId))).toEqual(new Set(['10000000000101', '10000000000102', '10000000000103']));
    expect(report.servers.map((s) => [s.accepted, s.finalStatus])).toEqual(Array(10).fill([true, 'DELETED']));
    expect(report.serverPhasesFromEvents).toBe(true);
    // Client phases and the server's own, each measured for every server.
    for (const phase of ['boot', 'delete', 'total', ...SERVER_PHASES]) expect(report.phases[phase]).toMatchObject({ count: 10, p50: expect.any(Number), p95: expect.any(Number), p99: expect.any(Number), max: expect.any(Number) });
    // The build's steps add up to the whole build, which the client sees within its boot.
    for (const i of report.iterations) {
      const d = i.durations;
      expect(d.scheduling + d.dispatch + d.networking + d.block_device_mapping + d.spawning).toBeCloseTo(d.build, 1);
      expect(d.build).toBeLessThanOrEqual(d.boot);
    }
    expect(report.sla).toEqual({ passed: true, checks: [expect.objectContaining({ name: 'failure_rate', passed: true }), expect.objectContaining({ name: 'p95:boot', passed: true }), expect.objectContaining({ name: 'p95:scheduling', passed: true })] });

    const page = readFileSync(html, 'utf8');
    expect(page).toContain('SLA passed');
    expect(page).toContain('aria-label="latency over time"');
    expect(page).toContain('aria-label="percentiles per phase"');
    expect(page).toContain('No iteration failed.');
    expect(page).not.toMatch(/https?:\/\//i);
  }, 60_000);

  it('exits 1 when the same run misses an impossible SLA (p95 of boot at most 1 ms)', async () => {
    const exit = await load([...run, '--no-progress', '--sla-max-p95', 'boot=1']);
    expect({ code: exit.code, stderr: exit.stderr.slice(-2000) }).toMatchObject({ code: 1 });
    expect(exit.stdout).toMatch(/FAIL p95:boot/);
    expect(exit.stdout).toContain('SLA FAILED');
  }, 60_000);

  it('exits 2 on a bad argument and when the stack cannot be reached', async () => {
    const bad = await load([...run, '--times', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--times must be an integer >= 1, got '0'");
    expect(bad.stderr).toContain('usage: npm run load');
    const unreachable = await load(['boot-and-delete', '--url', `http://127.0.0.1:${await freePort()}`, '--no-progress']);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/cannot reach the stack at/);
  }, 60_000);

  it.each<[ScenarioName, string[]]>([
    ['boot-and-list', ['boot', 'list', 'delete']],
    ['boot-reboot-delete', ['boot', 'reboot', 'delete', 'server_reboot']],
    ['boot-snapshot-delete', ['boot', 'snapshot', 'delete_image', 'delete', 'server_snapshot']],
    ['create-and-delete-floating-ip', ['create_floating_ip', 'delete_floating_ip']],
  ])('runs %s against the stack', async (scenario, phases) => {
    const report = await runLoad({
      baseUrl: gw.url,
      scenario,
      runner: { type: 'concurrency', concurrency: 2, times: 2 },
      tenants: tenantsFor(3),
      databaseUrl: gw.database.url,
      adminCredentials: { username: 'admin', password: 'admin', tenantName: 'admin' },
      timeoutMs: 30_000,
    });
    expect(report.iterations.map((i) => [i.ok, i.errorType, i.error])).toEqual(Array(2).fill([true, undefined, undefined]));
    for (const phase of phases) expect(report.phases[phase]?.count).toBe(2);
  }, 60_000);
});
