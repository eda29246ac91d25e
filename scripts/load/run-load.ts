// runLoad: one load run against a running stack, the programmatic face of `npm run load`
// (the chaos runner calls it too). 1 check the options, 2 reach the gateway and get a token
// per tenant, 3 lift the tenants' quotas with the admin's token, 4 run the scenario's
// iterations with the chosen runner, 5 read the server-side phases from the events, 6
// summarise phases, failure rate and SLA. It throws only for bad options (LoadArgumentError)
// or a stack it cannot use (LoadSetupError); failed iterations are in the report.

import { type Clock, realClock } from './clock';
import { measuredPhases, validateLoadOptions } from './load-options';
import { type Credentials, type IterationReport, type LoadOptions, type LoadReport, LoadSetupError, type ServerOutcome } from './load-types';
import { type HttpAnswer, IterationError, NovaClient, TenantSessions } from './nova-client';
import { summarizePhases } from './percentiles';
import { iterationRandom } from './prng';
import { ProgressBar } from './progress-bar';
import { iterationCount, runIterations } from './runners';
import { bootsServers, type IterationContext, SCENARIO_STEPS } from './scenarios';
import { readServerPhases } from './server-phases';
import { evaluateSla } from './sla';

export * from './load-types';
export { exitCodeOf, EXIT_CANNOT_RUN, EXIT_PASSED, EXIT_SLA_FAILED } from './sla';

/** The quotas a load tenant needs lifted: servers, their cores and RAM, and the floating IP each gets at build. */
export const LIFTED_QUOTAS = { instances: -1, cores: -1, ram: -1, floating_ips: -1 } as const;

export async function runLoad(options: LoadOptions, clock: Clock = realClock): Promise<LoadReport> {
  validateLoadOptions(options);
  const client = new NovaClient(options.baseUrl.replace(/\/+$/, ''), options.requestTimeoutMs ?? 30_000);
  const sessions = new TenantSessions(client, options.tenants);
  await reachStack(client);
  await authenticateAll(sessions, options.tenants);
  if (options.adminCredentials) await liftQuotas(sessions, options.adminCredentials, options.tenants);

  const seed = options.seed ?? 1;
  const total = iterationCount(options.runner);
  const progress = options.progress ? new ProgressBar(options.scenario, total) : undefined;
  const servers: ServerOutcome[] = [];
  const serversOf = new Map<number, ServerOutcome[]>();
  const wallStart = Date.now();
  const clockStart = clock.now();
  const isoAt = (at: number) => new Date(wallStart + (at - clockStart)).toISOString();

  const iteration = async (index: number, dueAt: number): Promise<IterationReport> => {
    const startedAt = clock.now();
    progress?.started();
    const tenant = sessions.tenantFor(index);
    const durations: Record<string, number> = {};
    let first = true;
    const mine: ServerOutcome[] = [];
    serversOf.set(index, mine);
    const ctx: IterationContext = {
      index,
      tenant,
      sessions,
      clock,
      random: iterationRandom(seed, index),
      imageRef: options.imageRef ?? '120',
      flavorRef: options.flavorRef ?? '100',
      timeoutMs: options.timeoutMs ?? 120_000,
      namePrefix: options.namePrefix ?? 'load',
      serverMetadata: options.serverMetadata ?? {},
      track: (server) => {
        servers.push(server);
        mine.push(server);
      },
      async phase(name, step) {
        // The first phase counts from when the iteration was due, not from when it began.
        const from = first ? dueAt : clock.now();
        first = false;
        const value = await step();
        durations[name] = round(clock.now() - from);
        return value;
      },
    };
    const report: IterationReport = { index, ok: true, startedAt: isoAt(dueAt), durations, tenant: tenant.tenantName, lagMs: round(startedAt - dueAt) };
    try {
      await SCENARIO_STEPS[options.scenario](ctx);
      durations.total = round(clock.now() - dueAt);
    } catch (error) {
      report.ok = false;
      report.errorType = error instanceof IterationError ? error.type : 'unexpected';
      report.error = (error as Error).message ?? String(error);
      for (const server of mine) server.error ??= report.error;
    }
    progress?.finished(report.ok);
    return report;
  };

  const startedAt = new Date().toISOString();
  let iterations: IterationReport[];
  try {
    iterations = await runIterations(clock, options.runner, iteration, options.signal);
  } finally {
    progress?.stop();
  }
  const finishedAt = new Date().toISOString();

  const warnings: string[] = [];
  let withEvents = options.databaseUrl !== undefined && bootsServers(options.scenario);
  if (withEvents) {
    try {
      await addServerPhases(options, iterations, serversOf);
    } catch (error) {
      withEvents = false;
      warnings.push(`the server-side phases are missing: cannot read the servers' events: ${(error as Error).message}`);
    }
  }

  const failed = iterations.filter((i) => !i.ok).length;
  const failureRate = iterations.length === 0 ? 0 : failed / iterations.length;
  const phases = summarizePhases(
    iterations.map((i) => i.durations),
    measuredPhases(options.scenario, withEvents),
  );
  return {
    scenario: options.scenario,
    runner: options.runner,
    startedAt,
    finishedAt,
    iterations,
    servers,
    phases,
    failureRate,
    sla: evaluateSla(options.sla, failureRate, phases),
    tenants: options.tenants.map((t) => t.tenantName),
    serverPhasesFromEvents: withEvents,
    warnings,
  };
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

async function reachStack(client: NovaClient): Promise<void> {
  try {
    await client.request('GET', '/');
  } catch (error) {
    throw new LoadSetupError(`cannot reach the stack at ${client.baseUrl}: ${(error as Error).message}`);
  }
}

/** A token for every tenant up front (a few at a time: each costs the gateway a scrypt). */
async function authenticateAll(sessions: TenantSessions, tenants: readonly Credentials[]): Promise<void> {
  const queue = [...tenants];
  const worker = async () => {
    for (let t = queue.shift(); t; t = queue.shift()) {
      try {
        await sessions.session(t);
      } catch (error) {
        const hint = error instanceof IterationError && error.type === 'auth_failed' ? ' (for load-NN tenants start the gateway with IDENTITY_FILE=config/identity.load.json; docs/load-testing.md)' : '';
        throw new LoadSetupError(`tenant ${t.tenantName} cannot get a token: ${(error as Error).message}${hint}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, tenants.length) }, worker));
}

/** PUT os-quota-sets/{tenant} with -1 for what the scenarios use, as the admin. */
async function liftQuotas(sessions: TenantSessions, admin: Credentials, tenants: readonly Credentials[]): Promise<void> {
  try {
    await sessions.session(admin);
  } catch (error) {
    throw new LoadSetupError(`the admin ${admin.username} cannot get a token to lift quotas: ${(error as Error).message}`);
  }
  for (const tenant of tenants) {
    const { tenantId } = await sessions.session(tenant);
    let answer: HttpAnswer;
    try {
      answer = await sessions.call(admin, 'PUT', `/os-quota-sets/${tenantId}`, { quota_set: LIFTED_QUOTAS });
    } catch (error) {
      throw new LoadSetupError(`cannot lift the quotas of ${tenant.tenantName}: ${(error as Error).message}`);
    }
    if (answer.status !== 200) throw new LoadSetupError(`cannot lift the quotas of ${tenant.tenantName}: PUT os-quota-sets answered ${answer.status} ${answer.text.slice(0, 200)}`);
  }
}

async function addServerPhases(options: LoadOptions, iterations: IterationReport[], serversOf: Map<number, ServerOutcome[]>): Promise<void> {
  const uuids = [...serversOf.values()].flat().flatMap((s) => (s.accepted && s.uuid ? [s.uuid] : []));
  const phases = await readServerPhases(options.databaseUrl!, options.eventStoreSchema ?? process.env.EVENT_STORE_SCHEMA ?? 'event_store', uuids);
  for (const iteration of iterations) {
    for (const server of serversOf.get(iteration.index) ?? []) {
      if (server.uuid) Object.assign(iteration.durations, phases.get(server.uuid) ?? {});
    }
  }
}
