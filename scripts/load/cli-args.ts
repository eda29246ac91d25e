// The command line of `npm run load -- <scenario> [options]`, turned into runLoad's options and
// the report files. Any mistake is a LoadArgumentError naming the option (exit code 2).

import { parseArgs } from 'node:util';
import { validateLoadOptions } from './load-options';
import { type Credentials, LoadArgumentError, type LoadOptions, type Runner, type ScenarioName, SCENARIOS } from './load-types';
import { DEFAULT_ADMIN, LOAD_IDENTITY_FILE, tenantsFor } from './load-tenants';

export const USAGE = `usage: npm run load -- <scenario> [options]

scenarios: ${SCENARIOS.join(', ')}

  --url URL                    the gateway (default $NOVA_URL or http://127.0.0.1:8774)
  --concurrency N              runner by concurrency: N iterations at a time (default 4)
  --times N                    ... and N iterations in all (default 20)
  --rate R                     runner by constant arrival rate: R iterations started per second
  --duration S                 ... for S seconds (default 10)
  --tenants N                  spread over N tenants, round robin (default 2: demo, alt);
                               more than 2 uses load-01..load-NN: start the stack with
                               IDENTITY_FILE=${LOAD_IDENTITY_FILE}
  --image REF --flavor REF     what to boot (default 120 and 100)
  --admin USER:PASSWORD[:TENANT]  who lifts the tenants' quotas (default admin:admin:admin)
  --no-lift-quotas             leave the tenants' quotas as they are
  --database-url URL           read per-phase durations from the servers' events
  --timeout S                  seconds a server or image may take to be ACTIVE or deleted (default 120)
  --seed N                     seeds server names and polling jitter (default 1)
  --name-prefix P              server names are P-<iteration>-<random> (default load)
  --sla-max-failure-rate R     fail (exit 1) above this share of failed iterations: 0.05 or 5%
  --sla-max-p95 PHASE=MS       fail (exit 1) when PHASE's p95 is above MS; repeatable
  --out-json FILE              the report as JSON
  --out-html FILE              the report as one self-contained HTML page
  --no-progress                no progress bar on stderr
  --help

exit code: 0 ran and every SLA passed, 1 an SLA failed, 2 bad arguments or the stack
cannot be used (unreachable, unknown tenant, quotas not liftable).`;

export interface CliCommand {
  help: boolean;
  options: LoadOptions;
  outJson?: string;
  outHtml?: string;
}

function fail(message: string): never {
  throw new LoadArgumentError(message);
}

function integer(name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min) fail(`--${name} must be an integer >= ${min}, got '${value}'`);
  return Number(value);
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) fail(`--${name} must be a number > 0, got '${value}'`);
  return n;
}

/** 0.05 or 5% -> 0.05. */
export function parseRate(value: string): number {
  const percent = value.endsWith('%');
  const n = Number(percent ? value.slice(0, -1) : value);
  const rate = percent ? n / 100 : n;
  if (value.trim() === '' || !Number.isFinite(rate) || rate < 0 || rate > 1) fail(`--sla-max-failure-rate must be from 0 to 1 or 0% to 100%, got '${value}'`);
  return rate;
}

/** ['boot=5000', 'scheduling=50'] -> {boot: 5000, scheduling: 50}. */
export function parseP95(values: readonly string[]): Record<string, number> | undefined {
  if (values.length === 0) return undefined;
  const limits: Record<string, number> = {};
  for (const v of values) {
    const match = /^([a-z_]+)=(\d+(?:\.\d+)?)$/.exec(v);
    if (!match) fail(`--sla-max-p95 must be PHASE=MS, such as boot=5000, got '${v}'`);
    limits[match[1]] = Number(match[2]);
  }
  return limits;
}

function credentials(value: string | undefined): Credentials {
  if (value === undefined) return DEFAULT_ADMIN;
  const [username, password, tenantName] = value.split(':');
  if (!username || password === undefined) fail(`--admin must be USER:PASSWORD[:TENANT], got '${value}'`);
  return { username, password, tenantName: tenantName || username };
}

export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      allowNegative: true,
      options: {
        url: { type: 'string' },
        concurrency: { type: 'string' },
        times: { type: 'string' },
        rate: { type: 'string' },
        duration: { type: 'string' },
        tenants: { type: 'string' },
        image: { type: 'string' },
        flavor: { type: 'string' },
        admin: { type: 'string' },
        'lift-quotas': { type: 'boolean', default: true },
        'database-url': { type: 'string' },
        timeout: { type: 'string' },
        seed: { type: 'string' },
        'name-prefix': { type: 'string' },
        'sla-max-failure-rate': { type: 'string' },
        'sla-max-p95': { type: 'string', multiple: true, default: [] },
        'out-json': { type: 'string' },
        'out-html': { type: 'string' },
        progress: { type: 'boolean', default: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const { values: v, positionals } = parsed;
  const placeholder: LoadOptions = { baseUrl: 'http://127.0.0.1:8774', scenario: 'boot-and-delete', runner: { type: 'concurrency', concurrency: 1, times: 1 }, tenants: tenantsFor(1) };
  if (v.help) return { help: true, options: placeholder };
  if (positionals.length !== 1) fail(positionals.length === 0 ? 'name a scenario' : `one scenario only, got ${positionals.join(' ')}`);
  const scenario = positionals[0] as ScenarioName;
  if (!SCENARIOS.includes(scenario)) fail(`unknown scenario '${scenario}': one of ${SCENARIOS.join(', ')}`);

  let runner: Runner;
  if (v.rate !== undefined) {
    if (v.concurrency !== undefined || v.times !== undefined) fail('--rate (constant arrival rate) does not go with --concurrency or --times');
    runner = { type: 'rate', perSecond: positive('rate', v.rate, 1), durationSeconds: positive('duration', v.duration, 10) };
  } else {
    if (v.duration !== undefined) fail('--duration goes with --rate');
    runner = { type: 'concurrency', concurrency: integer('concurrency', v.concurrency, 4), times: integer('times', v.times, 20) };
  }
  const failureRate = v['sla-max-failure-rate'];
  const p95 = parseP95(v['sla-max-p95'] ?? []);
  const options: LoadOptions = {
    baseUrl: v.url ?? env.NOVA_URL ?? 'http://127.0.0.1:8774',
    scenario,
    runner,
    tenants: tenantsFor(integer('tenants', v.tenants, 2)),
    imageRef: v.image ?? '120',
    flavorRef: v.flavor ?? '100',
    seed: v.seed === undefined ? 1 : integer('seed', v.seed, 1, 0),
    databaseUrl: v['database-url'],
    adminCredentials: v['lift-quotas'] ? credentials(v.admin) : undefined,
    progress: v.progress,
    timeoutMs: positive('timeout', v.timeout, 120) * 1000,
    namePrefix: v['name-prefix'],
    sla: failureRate === undefined && !p95 ? undefined : { maxFailureRate: failureRate === undefined ? undefined : parseRate(failureRate), maxP95Ms: p95 },
  };
  if (options.namePrefix !== undefined && !/^[A-Za-z][A-Za-z0-9_.-]{0,100}$/.test(options.namePrefix)) fail(`--name-prefix must start with a letter and hold letters, digits, _ . -, got '${options.namePrefix}'`);
  validateLoadOptions(options);
  return { help: false, options, outJson: v['out-json'], outHtml: v['out-html'] };
}
