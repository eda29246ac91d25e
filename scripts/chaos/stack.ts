// The stack a chaos run works on. Self-started: the five built apps on a scratch database and
// NATS namespace (test/e2e/support/gateway.ts's startGateway, as the e2e tests run them), so
// the runner can SIGKILL any app and start it again with the same environment and port
// (test/e2e/support/restart-app.ts). Attached: a stack someone else runs (npm start), which the
// runner loads, faults through the bus and checks, but cannot kill.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App, AppProcess } from '../../test/e2e/support/app-process';
import { type Gateway, startGateway } from '../../test/e2e/support/gateway';
import { killApp, restartApp } from '../../test/e2e/support/restart-app';

export const KILLABLE_APPS: readonly App[] = ['api-gateway', 'scheduler', 'compute-agent', 'network', 'quota'];
const BESIDE_GATEWAY = ['quota', 'network', 'scheduler', 'compute-agent'] as const;

export interface ChaosStack {
  mode: 'self-started' | 'attached';
  baseUrl: string;
  databaseUrl: string;
  nats: { url: string; namespace: string };
  /** The apps this stack can kill and restart (none when attached). */
  killable: readonly App[];
  /** SIGKILLs the app; returns the pid it had. */
  kill(app: App): Promise<number>;
  /** Starts the app again (same environment and port) and waits until it is ready; returns its pid. */
  restart(app: App): Promise<number>;
  /** Restarts any app that is not running (it crashed on its own); returns the ones restarted. */
  ensureRunning(): Promise<App[]>;
  /** The apps' last lines of output, for a report on a failure. */
  tails(lines?: number): Record<string, string>;
  stop(): Promise<void>;
  /** Self-started only: the gateway handle of the e2e support code. */
  gateway?: Gateway;
}

export interface SelfStartedOptions {
  /** Tenants (by name in the identity file) whose quotas are lifted (-1) with QUOTA_LIMITS_FILE. */
  tenants: readonly string[];
  /** The identity file the gateway reads (default config/identity.default.json). */
  identityFile?: string;
  computeProfile: 'zero' | 'realistic';
  computeHosts: number;
  /** Extra environment per app (the runner's defaults first, these over them). */
  appEnv?: Partial<Record<App, Record<string, string>>>;
}

const ROOT = join(__dirname, '..', '..');

/** A QUOTA_LIMITS_FILE lifting the counted quotas of the named tenants (ids read from the identity file). */
function unlimitedQuotaFile(identityFile: string, tenants: readonly string[]): string {
  const identity = JSON.parse(readFileSync(identityFile, 'utf8')) as { tenants: { id: string; name: string }[] };
  const unlimited = { instances: -1, cores: -1, ram: -1, floating_ips: -1, security_groups: -1, security_group_rules: -1 };
  const limits: Record<string, typeof unlimited> = {};
  for (const name of tenants) {
    const tenant = identity.tenants.find((t) => t.name === name || t.id === name);
    if (!tenant) throw new Error(`tenant '${name}' is not in ${identityFile}`);
    limits[tenant.id] = unlimited;
  }
  const file = join(mkdtempSync(join(tmpdir(), 'chaos-')), 'quota-limits.json');
  writeFileSync(file, JSON.stringify(limits));
  return file;
}

export async function startChaosStack(o: SelfStartedOptions): Promise<ChaosStack> {
  const identityFile = o.identityFile ?? join(ROOT, 'config', 'identity.default.json');
  const defaults: Partial<Record<App, Record<string, string>>> = {
    'compute-agent': { COMPUTE_AGENT_ID: 'chaos-agent', COMPUTE_PROFILE: o.computeProfile, COMPUTE_HOSTS: String(o.computeHosts), HEARTBEAT_INTERVAL_MS: '500' },
    // Reservations a killed gateway leaves open expire soon, so that the stack settles.
    quota: { QUOTA_LIMITS_FILE: unlimitedQuotaFile(identityFile, o.tenants), RESERVATION_TTL_SECONDS: '10', QUOTA_SWEEP_INTERVAL_MS: '1000' },
    // A decision in flight holds a connection (docs/scheduler.md); the whole stack stays near 60
    // connections, as Postgres's default 100 is shared with whatever else runs on the machine.
    scheduler: { DB_POOL_SIZE: '12', SCHEDULER_CONCURRENCY: '8' },
  };
  const appEnv = Object.fromEntries(BESIDE_GATEWAY.map((app) => [app, { ...defaults[app], ...o.appEnv?.[app] }]));
  const gw = await startGateway({ IDENTITY_FILE: identityFile, ...o.appEnv?.['api-gateway'] }, { apps: [...BESIDE_GATEWAY], appEnv });
  const processOf = (app: App): AppProcess => (app === 'api-gateway' ? gw.process : gw.apps[app]!);
  const replace = (app: App, child: AppProcess) => {
    if (app === 'api-gateway') gw.process = child;
    else gw.apps[app] = child;
  };
  return {
    mode: 'self-started',
    baseUrl: gw.url,
    databaseUrl: gw.database.url,
    nats: { url: process.env.NATS_URL ?? 'nats://127.0.0.1:4222', namespace: gw.namespace },
    killable: KILLABLE_APPS,
    gateway: gw,
    async kill(app) {
      const child = processOf(app);
      const pid = child.pid;
      await killApp(child, 'SIGKILL');
      return pid;
    },
    async restart(app) {
      const child = await restartApp(processOf(app));
      replace(app, child);
      return child.pid;
    },
    async ensureRunning() {
      const restarted: App[] = [];
      for (const app of KILLABLE_APPS) {
        if (processOf(app).running) continue;
        replace(app, await restartApp(processOf(app)));
        restarted.push(app);
      }
      return restarted;
    },
    tails(lines = 15) {
      return Object.fromEntries(KILLABLE_APPS.map((app) => [app, processOf(app).tail(lines)]));
    },
    stop: () => gw.stop(),
  };
}

export interface AttachOptions {
  baseUrl: string;
  databaseUrl: string;
  natsUrl: string;
  namespace: string;
}

export function attachStack(o: AttachOptions): ChaosStack {
  const refuse = async (): Promise<never> => {
    throw new Error('an attached stack cannot be killed: run the chaos runner without --attach to kill apps');
  };
  return {
    mode: 'attached',
    baseUrl: o.baseUrl,
    databaseUrl: o.databaseUrl,
    nats: { url: o.natsUrl, namespace: o.namespace },
    killable: [],
    kill: refuse,
    restart: refuse,
    ensureRunning: async () => [],
    tails: () => ({}),
    stop: async () => undefined,
  };
}
