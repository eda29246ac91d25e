// SLA checks and the exit codes they give: 0 every check passed, 1 one failed, 2 for a
// command line that cannot run.

import { parseCli } from './cli-args';
import { LoadArgumentError, type PhaseStats } from './load-types';
import { EXIT_CANNOT_RUN, EXIT_PASSED, EXIT_SLA_FAILED, evaluateSla, exitCodeOf } from './sla';

const stats = (p95: number): PhaseStats => ({ count: 10, p50: p95 / 2, p95, p99: p95, max: p95 });

describe('SLA evaluation', () => {
  it('passes with no SLA at all', () => {
    expect(evaluateSla(undefined, 0.5, {})).toEqual({ passed: true, checks: [] });
  });

  it('checks the failure rate, the limit itself allowed', () => {
    expect(evaluateSla({ maxFailureRate: 0.1 }, 0.1, {}).passed).toBe(true);
    const failed = evaluateSla({ maxFailureRate: 0.1 }, 0.15, {});
    expect(failed).toEqual({ passed: false, checks: [{ name: 'failure_rate', limit: 0.1, actual: 0.15, passed: false }] });
    expect(evaluateSla({ maxFailureRate: 0 }, 0, {}).passed).toBe(true);
  });

  it('checks the p95 of each phase named, and fails one that has no sample', () => {
    const result = evaluateSla({ maxP95Ms: { boot: 500, delete: 100, scheduling: 5 } }, 0, { boot: stats(400), delete: stats(120) });
    expect(result.passed).toBe(false);
    expect(result.checks.map((c) => [c.name, c.passed])).toEqual([
      ['p95:boot', true],
      ['p95:delete', false],
      ['p95:scheduling', false],
    ]);
    expect(result.checks[2].actual).toBeNaN();
  });

  it('gives exit code 0 when every check passed and 1 when one failed', () => {
    expect(exitCodeOf({ sla: evaluateSla({ maxFailureRate: 0.05, maxP95Ms: { boot: 500 } }, 0.01, { boot: stats(400) }) })).toBe(EXIT_PASSED);
    expect(exitCodeOf({ sla: evaluateSla({ maxP95Ms: { boot: 1 } }, 0, { boot: stats(400) }) })).toBe(EXIT_SLA_FAILED);
    expect([EXIT_PASSED, EXIT_SLA_FAILED, EXIT_CANNOT_RUN]).toEqual([0, 1, 2]);
  });
});

describe('command line', () => {
  const refused = (...argv: string[]) => {
    try {
      parseCli(argv, {});
    } catch (error) {
      expect(error).toBeInstanceOf(LoadArgumentError); // main() answers these with exit code 2
      return (error as Error).message;
    }
    throw new Error(`accepted: ${argv.join(' ')}`);
  };

  it('takes a scenario, a runner, tenants, SLA and report files', () => {
    const command = parseCli(
      ['boot-and-delete', '--url', 'http://h:1', '--concurrency', '4', '--times', '10', '--tenants', '3', '--database-url', 'postgres://x', '--sla-max-failure-rate', '5%', '--sla-max-p95', 'boot=30000', '--sla-max-p95', 'scheduling=50', '--out-json', 'r.json', '--out-html', 'r.html', '--no-progress'],
      {},
    );
    expect(command.options).toMatchObject({
      baseUrl: 'http://h:1',
      scenario: 'boot-and-delete',
      runner: { type: 'concurrency', concurrency: 4, times: 10 },
      tenants: [
        { username: 'load-01', password: 'load-01', tenantName: 'load-01' },
        { username: 'load-02', password: 'load-02', tenantName: 'load-02' },
        { username: 'load-03', password: 'load-03', tenantName: 'load-03' },
      ],
      adminCredentials: { username: 'admin', password: 'admin', tenantName: 'admin' },
      progress: false,
      timeoutMs: 120_000,
      sla: { maxFailureRate: 0.05, maxP95Ms: { boot: 30000, scheduling: 50 } },
    });
    expect(command).toMatchObject({ outJson: 'r.json', outHtml: 'r.html' });
  });

  it('defaults to demo and alt, concurrency 4 x 20, quotas lifted, NOVA_URL or the local gateway', () => {
    const command = parseCli(['create-and-delete-floating-ip'], { NOVA_URL: 'http://gw:8774' });
    expect(command.options.baseUrl).toBe('http://gw:8774');
    expect(command.options.tenants.map((t) => t.tenantName)).toEqual(['demo', 'alt']);
    expect(command.options.runner).toEqual({ type: 'concurrency', concurrency: 4, times: 20 });
    expect(parseCli(['boot-and-list', '--no-lift-quotas', '--tenants', '1'], {}).options).toMatchObject({ adminCredentials: undefined, tenants: [{ tenantName: 'demo' }] });
    expect(parseCli(['boot-and-list', '--admin', 'root:pw:ops'], {}).options.adminCredentials).toEqual({ username: 'root', password: 'pw', tenantName: 'ops' });
  });

  it('takes a constant rate for a duration', () => {
    expect(parseCli(['boot-reboot-delete', '--rate', '2.5', '--duration', '30'], {}).options.runner).toEqual({ type: 'rate', perSecond: 2.5, durationSeconds: 30 });
  });

  it('refuses bad arguments, naming them (exit code 2)', () => {
    expect(refused()).toBe('name a scenario');
    expect(refused('boot-and-dance')).toMatch(/unknown scenario 'boot-and-dance'/);
    expect(refused('boot-and-delete', '--times', '0')).toMatch(/--times must be an integer >= 1, got '0'/);
    expect(refused('boot-and-delete', '--concurrency', 'many')).toMatch(/--concurrency/);
    expect(refused('boot-and-delete', '--rate', '5', '--times', '3')).toMatch(/--rate .* does not go with/);
    expect(refused('boot-and-delete', '--duration', '5')).toMatch(/--duration goes with --rate/);
    expect(refused('boot-and-delete', '--rate=0')).toMatch(/--rate must be a number > 0/);
    expect(refused('boot-and-delete', '--sla-max-failure-rate', '120%')).toMatch(/from 0 to 1/);
    expect(refused('boot-and-delete', '--sla-max-p95', 'boot')).toMatch(/PHASE=MS/);
    expect(refused('boot-and-delete', '--sla-max-p95', 'reboot=100')).toMatch(/does not measure phase 'reboot'/);
    expect(refused('boot-and-delete', '--sla-max-p95', 'scheduling=100')).toMatch(/read from the servers' events: give a database URL/);
    expect(refused('boot-and-delete', '--url', 'ftp://x')).toMatch(/http\(s\) URL/);
    expect(refused('boot-and-delete', '--frobnicate')).toMatch(/frobnicate/);
    expect(refused('boot-and-delete', '--admin', 'nopassword')).toMatch(/USER:PASSWORD/);
  });
});
