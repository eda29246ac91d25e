// One chaos run on a stack (stack.ts): 1 plan the kills and bus faults from the seed, 2 run the
// load scenario (helper C's runLoad) while the killer SIGKILLs and restarts apps and the bus
// faults turn on, 3 wait for every kill to be done and every fault to expire, 4 restart any app
// that died on its own, 5 wait until the stack settles, 6 check the invariants with the creates
// the API accepted, 7 return the report (ok only if every invariant holds and every app came back).

import { Pool } from 'pg';
import { PgPoolDb, PostgresEventStore } from '@app/event-store';
import type { Behaviour } from '@app/contracts';
import type { App } from '../../test/e2e/support/app-process';
import { type Credentials, type LoadReport, type Runner, type ScenarioName, runLoad } from '../load/run-load';
import { type BusFaultSpec, type PlannedBusFault, planBusFaults, turnOnBusFault } from './bus-faults';
import { type AllocationRatios, type InvariantReport, type StackSchemas, acceptedCreatesOf, checkInvariants } from './invariants';
import { type MsRange, type PlannedKill, planKills } from './kill-plan';
import { type KillRecord, startKiller } from './killer';
import { type SettleResult, waitUntilSettled } from './settle';
import type { ChaosStack } from './stack';

export interface ChaosOptions {
  scenario: ScenarioName;
  runner: Runner;
  tenants: Credentials[];
  /** Lifts the tenants' quotas through the API first (attached stacks; a self-started one lifts them in its quota file). */
  adminCredentials?: Credentials;
  seed: number;
  kill: readonly App[];
  killsPerApp: number;
  killInterval: MsRange;
  downTime: MsRange;
  busFaults: readonly BusFaultSpec[];
  /** When each bus fault turns on, from the start. */
  busFaultStart: MsRange;
  settleTimeoutMs: number;
  /** Per server, for the load tool (default 120 s). */
  loadTimeoutMs?: number;
  schemas: StackSchemas;
  ratios: AllocationRatios;
  progress?: boolean;
  log?: (line: string) => void;
}

export interface ChaosReport {
  ok: boolean;
  startedAt: string;
  finishedAt: string;
  seconds: number;
  seed: number;
  stack: { mode: ChaosStack['mode']; baseUrl: string; namespace: string; database: string };
  plan: { kills: PlannedKill[]; busFaults: PlannedBusFault[] };
  load: LoadReport | null;
  /** The load could not run at all (its setup failed). */
  loadError?: string;
  kills: KillRecord[];
  busFaults: Behaviour[];
  /** Apps found dead after the run (not killed by the plan, nor left down by a failed restart) and started again. */
  crashed: string[];
  settle: SettleResult;
  invariants: InvariantReport;
  /** Why ok is false besides violations (an app that did not come back, the load that could not run). */
  problems: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runChaos(stack: ChaosStack, o: ChaosOptions): Promise<ChaosReport> {
  const log = o.log ?? (() => undefined);
  const notKillable = o.kill.filter((app) => !stack.killable.includes(app));
  if (notKillable.length > 0) throw new Error(`cannot kill ${notKillable.join(', ')} on ${stack.mode === 'attached' ? 'an attached stack' : 'this stack'}`);
  const startedAt = new Date();
  const t0 = performance.now();

  // 1. The plan.
  const kills = planKills({ apps: o.kill, killsPerApp: o.killsPerApp, seed: o.seed, interval: o.killInterval, down: o.downTime });
  const faults = planBusFaults(o.busFaults, o.seed, o.busFaultStart);
  const pool = new Pool({ connectionString: stack.databaseUrl, max: 2 });
  const store = new PostgresEventStore(new PgPoolDb(pool), { schema: o.schemas.eventStore });
  const problems: string[] = [];
  try {
    const { rows } = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [o.schemas.eventStore]);
    if (rows.length === 0) throw new Error(`the database ${new URL(stack.databaseUrl).pathname.slice(1)} has no event log (schema ${o.schemas.eventStore})`);
    // 2. Load, kills and faults side by side.
    let loadRunning = true;
    const killer = startKiller(stack, kills, t0, () => loadRunning, log);
    const turnedOn: Behaviour[] = [];
    const faultsDone = Promise.all(
      faults.map(async (fault) => {
        await sleep(fault.afterMs);
        try {
          turnedOn.push(await turnOnBusFault(store, fault, String(o.seed)));
          log(`chaos: +${((performance.now() - t0) / 1000).toFixed(1)} s bus fault on ${fault.consumer}: ${fault.mode} p=${fault.probability} for ${fault.durationMs} ms (behaviour ${fault.id})`);
        } catch (error) {
          problems.push(`bus fault on ${fault.consumer} could not be turned on: ${(error as Error).message}`);
        }
      }),
    );
    let load: LoadReport | null = null;
    let loadError: string | undefined;
    try {
      load = await runLoad({
        baseUrl: stack.baseUrl,
        scenario: o.scenario,
        runner: o.runner,
        tenants: o.tenants,
        adminCredentials: o.adminCredentials,
        seed: o.seed,
        databaseUrl: stack.databaseUrl,
        eventStoreSchema: o.schemas.eventStore,
        progress: o.progress,
        timeoutMs: o.loadTimeoutMs,
        namePrefix: `chaos${o.seed}`,
      });
    } catch (error) {
      loadError = (error as Error).message;
      problems.push(`the load could not run: ${loadError}`);
    }
    loadRunning = false;
    log(`chaos: +${((performance.now() - t0) / 1000).toFixed(1)} s load finished${load ? ` (${load.iterations.filter((i) => i.ok).length}/${load.iterations.length} iterations ok)` : ''}`);

    // 3. Every kill done, every fault over.
    const killRecords = await killer.done;
    for (const k of killRecords) if (k.error) problems.push(`${k.app} kill ${k.ordinal}: ${k.error}`);
    await faultsDone;
    const lastExpiry = Math.max(0, ...turnedOn.map((b) => Date.parse(b.expiresAt ?? b.createdAt)));
    if (lastExpiry > Date.now()) await sleep(lastExpiry - Date.now());

    // 4. Apps that died on their own.
    let crashed: string[] = [];
    try {
      const failedRestarts = new Set(killRecords.filter((k) => k.error).map((k) => k.app));
      crashed = (await stack.ensureRunning()).filter((app) => !failedRestarts.has(app));
      for (const app of crashed) problems.push(`${app} was found dead after the run (not by a planned kill) and restarted`);
    } catch (error) {
      problems.push(`an app could not be started again: ${(error as Error).message}`);
    }

    // 5. Settle, 6. check.
    log('chaos: waiting for the stack to settle');
    const settle = await waitUntilSettled({ databaseUrl: stack.databaseUrl, schemas: o.schemas, nats: stack.nats, timeoutMs: o.settleTimeoutMs, log });
    log(`chaos: ${settle.settled ? 'settled' : 'NOT settled'} after ${settle.seconds.toFixed(1)} s${settle.unmet.length ? `: ${settle.unmet.join('; ')}` : ''}`);
    const invariants = await checkInvariants({
      databaseUrl: stack.databaseUrl,
      schemas: o.schemas,
      ratios: o.ratios,
      acceptedCreates: load ? acceptedCreatesOf(load) : undefined,
      nats: stack.nats,
    });
    return {
      ok: invariants.ok && problems.length === 0,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      seconds: (performance.now() - t0) / 1000,
      seed: o.seed,
      stack: { mode: stack.mode, baseUrl: stack.baseUrl, namespace: stack.nats.namespace, database: new URL(stack.databaseUrl).pathname.slice(1) },
      plan: { kills, busFaults: faults },
      load,
      ...(loadError ? { loadError } : {}),
      kills: killRecords,
      busFaults: turnedOn,
      crashed,
      settle,
      invariants,
      problems,
    };
  } finally {
    await pool.end();
  }
}
