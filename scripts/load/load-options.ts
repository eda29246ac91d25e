// Checks a run's options before anything is sent, so that a mistake is a LoadArgumentError
// (the CLI's exit code 2) naming the option, not a failed run. Also says which phases a run
// measures, which is what an SLA on p95 may name.

import { type LoadOptions, LoadArgumentError, type ScenarioName, SCENARIOS } from './load-types';
import { CLIENT_PHASES } from './scenarios';
import { serverPhasesOf } from './server-phases';

/** The phases a run of this scenario measures: its client phases, `total`, and with the events its server phases. */
export function measuredPhases(scenario: ScenarioName, withEvents: boolean): string[] {
  return [...CLIENT_PHASES[scenario], 'total', ...(withEvents ? serverPhasesOf(scenario) : [])];
}

const isPositiveInteger = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1;
const isPositive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;

export function validateLoadOptions(o: LoadOptions): void {
  const fail = (message: string): never => {
    throw new LoadArgumentError(message);
  };
  if (!SCENARIOS.includes(o.scenario)) fail(`scenario must be one of ${SCENARIOS.join(', ')}, got '${o.scenario}'`);
  let url: URL | undefined;
  try {
    url = new URL(o.baseUrl);
  } catch {
    fail(`the gateway URL must be an http(s) URL, got '${o.baseUrl}'`);
  }
  if (url!.protocol !== 'http:' && url!.protocol !== 'https:') fail(`the gateway URL must be an http(s) URL, got '${o.baseUrl}'`);
  const runner = o.runner;
  if (runner?.type === 'concurrency') {
    if (!isPositiveInteger(runner.concurrency)) fail(`concurrency must be an integer >= 1, got ${runner.concurrency}`);
    if (!isPositiveInteger(runner.times)) fail(`times must be an integer >= 1, got ${runner.times}`);
  } else if (runner?.type === 'rate') {
    if (!isPositive(runner.perSecond)) fail(`rate must be a number of iterations per second > 0, got ${runner.perSecond}`);
    if (!isPositive(runner.durationSeconds)) fail(`duration must be a number of seconds > 0, got ${runner.durationSeconds}`);
  } else {
    fail(`runner must be {type: 'concurrency'} or {type: 'rate'}`);
  }
  if (!Array.isArray(o.tenants) || o.tenants.length === 0) fail('at least one tenant is needed');
  for (const t of o.tenants) if (!t?.username || typeof t.password !== 'string' || !t.tenantName) fail('every tenant needs a username, a password and a tenantName');
  if (o.timeoutMs !== undefined && !isPositive(o.timeoutMs)) fail(`timeout must be a number of ms > 0, got ${o.timeoutMs}`);
  if (o.requestTimeoutMs !== undefined && !isPositive(o.requestTimeoutMs)) fail(`request timeout must be a number of ms > 0, got ${o.requestTimeoutMs}`);
  if (o.seed !== undefined && !Number.isInteger(o.seed)) fail(`seed must be an integer, got ${o.seed}`);
  const rate = o.sla?.maxFailureRate;
  if (rate !== undefined && !(typeof rate === 'number' && rate >= 0 && rate <= 1)) fail(`the SLA's max failure rate must be from 0 to 1 (or 0% to 100%), got ${rate}`);
  const phases = measuredPhases(o.scenario, o.databaseUrl !== undefined);
  for (const [phase, limit] of Object.entries(o.sla?.maxP95Ms ?? {})) {
    if (!(typeof limit === 'number' && Number.isFinite(limit) && limit >= 0)) fail(`the SLA's max p95 of ${phase} must be a number of ms >= 0, got ${limit}`);
    if (!phases.includes(phase)) {
      const needsEvents = measuredPhases(o.scenario, true).includes(phase);
      fail(needsEvents ? `phase '${phase}' is read from the servers' events: give a database URL` : `${o.scenario} does not measure phase '${phase}' (it measures ${phases.join(', ')})`);
    }
  }
}
