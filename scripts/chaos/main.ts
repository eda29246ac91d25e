// npm run chaos -- [options]: a load scenario while apps are SIGKILLed and restarted at seeded
// times (and, with --bus-faults, consumers' messages dropped, delayed or duplicated), then the
// stack is left to settle and the invariants of ../shared/DESIGN.md are checked. Prints the
// report; exit 0 when every invariant holds, 1 on any violation (or an app that did not come
// back), 2 when it could not run. docs/chaos.md has every option.

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { App } from '../../test/e2e/support/app-process';
import { type Credentials, type Runner, SCENARIOS, type ScenarioName } from '../load/run-load';
import { DEFAULT_BUS_FAULTS, parseBusFaults } from './bus-faults';
import { ratiosFrom, stackSchemasFrom } from './invariants';
import { parseRange } from './kill-plan';
import { formatChaosReport } from './report';
import { runChaos } from './run-chaos';
import { attachStack, type ChaosStack, KILLABLE_APPS, startChaosStack } from './stack';

const USAGE = `usage: npm run chaos -- [--scenario boot-and-delete] [--times 200 --concurrency 10 | --rate N --duration S]
    [--tenants demo,alt] [--seed 1] [--kill scheduler,compute-agent|none] [--kills-per-app 2]
    [--kill-interval 2000-6000] [--down-time 200-1500]
    [--bus-faults [consumer:drop|delay|duplicate[:p],...]] [--bus-fault-duration 10000] [--bus-fault-delay 500] [--bus-fault-start 1000-8000]
    [--profile zero|realistic] [--hosts 10] [--identity-file FILE] [--settle-timeout 180] [--load-timeout 120]
    [--attach --base-url URL --database-url URL --nats-url URL --namespace NS --admin user:password:tenant]
    [--out-json FILE] [--limit 20] [--keep] [--no-progress]`;

class ArgumentError extends Error {}

/** `--bus-faults` with no list means the default set. */
function withDefaultBusFaults(argv: string[]): string[] {
  return argv.flatMap((arg, i) => (arg === '--bus-faults' && (i + 1 >= argv.length || argv[i + 1].startsWith('--')) ? [arg, DEFAULT_BUS_FAULTS] : [arg]));
}

function integer(value: string | undefined, name: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new ArgumentError(`--${name} must be an integer >= ${min}, got '${value}'`);
  return n;
}

function credentials(text: string): Credentials {
  const [username, password = username, tenantName = username] = text.split(':');
  return { username, password, tenantName };
}

/** A self-started stack stops (apps, database, stream) on SIGINT or SIGTERM, mid-run or under --keep. */
function stopOnSignal(stack: ChaosStack): void {
  let stopping = false;
  // npm forwards the terminal's Ctrl-C a second time: later signals must not end the stop.
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.error('chaos: stopping the stack');
    stack.stop().then(
      () => process.exit(130),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: withDefaultBusFaults(process.argv.slice(2)),
    options: {
      scenario: { type: 'string', default: 'boot-and-delete' },
      times: { type: 'string' },
      concurrency: { type: 'string' },
      rate: { type: 'string' },
      duration: { type: 'string' },
      tenants: { type: 'string', default: 'demo,alt' },
      seed: { type: 'string', default: '1' },
      kill: { type: 'string', default: 'scheduler,compute-agent' },
      'kills-per-app': { type: 'string', default: '2' },
      'kill-interval': { type: 'string', default: '2000-6000' },
      'down-time': { type: 'string', default: '200-1500' },
      'bus-faults': { type: 'string' },
      'bus-fault-duration': { type: 'string', default: '10000' },
      'bus-fault-delay': { type: 'string', default: '500' },
      'bus-fault-start': { type: 'string', default: '1000-8000' },
      profile: { type: 'string', default: 'zero' },
      hosts: { type: 'string', default: '10' },
      'identity-file': { type: 'string' },
      'settle-timeout': { type: 'string', default: '180' },
      'load-timeout': { type: 'string', default: '120' },
      attach: { type: 'boolean', default: false },
      'base-url': { type: 'string' },
      'database-url': { type: 'string' },
      'nats-url': { type: 'string' },
      namespace: { type: 'string' },
      admin: { type: 'string' },
      'out-json': { type: 'string' },
      limit: { type: 'string', default: '20' },
      keep: { type: 'boolean', default: false },
      'no-progress': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!SCENARIOS.includes(values.scenario as ScenarioName)) throw new ArgumentError(`--scenario must be one of ${SCENARIOS.join(', ')}`);
  const runner: Runner =
    values.rate !== undefined
      ? { type: 'rate', perSecond: Number(values.rate), durationSeconds: integer(values.duration, 'duration', 60, 1) }
      : { type: 'concurrency', concurrency: integer(values.concurrency, 'concurrency', 10, 1), times: integer(values.times, 'times', 200, 1) };
  const kill = values.kill === 'none' || values.kill === '' ? [] : values.kill.split(',');
  const unknown = kill.filter((app) => !KILLABLE_APPS.includes(app as App));
  if (unknown.length > 0) throw new ArgumentError(`--kill: unknown app(s) ${unknown.join(', ')} (apps: ${KILLABLE_APPS.join(', ')})`);
  if (values.attach && kill.length > 0) throw new ArgumentError('--attach cannot kill apps it did not start: add --kill none');
  if (values.profile !== 'zero' && values.profile !== 'realistic') throw new ArgumentError(`--profile must be zero or realistic, got '${values.profile}'`);
  const tenants = values.tenants.split(',').filter(Boolean);
  let options;
  try {
    options = {
      scenario: values.scenario as ScenarioName,
      runner,
      tenants: tenants.map(credentials),
      adminCredentials: values.admin ? credentials(values.admin) : undefined,
      seed: integer(values.seed, 'seed', 1),
      kill: kill as App[],
      killsPerApp: integer(values['kills-per-app'], 'kills-per-app', 2),
      killInterval: parseRange(values['kill-interval'], '--kill-interval'),
      downTime: parseRange(values['down-time'], '--down-time'),
      busFaults: values['bus-faults'] ? parseBusFaults(values['bus-faults'], integer(values['bus-fault-duration'], 'bus-fault-duration', 10_000, 1), integer(values['bus-fault-delay'], 'bus-fault-delay', 500)) : [],
      busFaultStart: parseRange(values['bus-fault-start'], '--bus-fault-start'),
      settleTimeoutMs: integer(values['settle-timeout'], 'settle-timeout', 180, 1) * 1000,
      loadTimeoutMs: integer(values['load-timeout'], 'load-timeout', 120, 1) * 1000,
      schemas: stackSchemasFrom(process.env),
      ratios: ratiosFrom(process.env),
      progress: !values['no-progress'] && process.stderr.isTTY,
      log: (line: string) => console.error(line),
    };
  } catch (error) {
    throw error instanceof ArgumentError ? error : new ArgumentError((error as Error).message);
  }

  let stack: ChaosStack;
  if (values.attach) {
    const env = process.env;
    stack = attachStack({
      baseUrl: values['base-url'] ?? 'http://127.0.0.1:8774',
      databaseUrl: values['database-url'] ?? env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      natsUrl: values['nats-url'] ?? env.NATS_URL ?? 'nats://127.0.0.1:4222',
      namespace: values.namespace ?? env.NATS_NAMESPACE ?? '',
    });
  } else {
    console.error('chaos: starting the stack (the built apps on a scratch database)');
    stack = await startChaosStack({
      tenants,
      identityFile: values['identity-file'],
      computeProfile: values.profile,
      computeHosts: integer(values.hosts, 'hosts', 10, 1),
    });
    stopOnSignal(stack);
  }
  try {
    const report = await runChaos(stack, options);
    console.log(formatChaosReport(report, integer(values.limit, 'limit', 20)));
    if (values['out-json']) writeFileSync(values['out-json'], `${JSON.stringify(report, null, 2)}\n`);
    if (!report.ok && stack.mode === 'self-started') {
      for (const [app, tail] of Object.entries(stack.tails(10))) if (tail.trim()) console.error(`--- ${app} (last lines)\n${tail}`);
    }
    return report.ok ? 0 : 1;
  } finally {
    if (values.keep && stack.mode === 'self-started') {
      console.error(`chaos: --keep: the stack runs on at ${stack.baseUrl} (database ${stack.databaseUrl}, NATS namespace ${stack.nats.namespace}); Ctrl-C stops it`);
    } else {
      await stack.stop();
    }
  }
}

main().then(
  (code) => {
    // With --keep the apps run on as this process's children until Ctrl-C.
    if (process.argv.includes('--keep')) process.exitCode = code;
    else process.exit(code);
  },
  (error) => {
    console.error(`chaos: ${(error as Error).message}`);
    if (error instanceof ArgumentError) console.error(USAGE);
    process.exit(2);
  },
);
