// The body of POST /os-behaviours, read strictly: `{"behaviour": {"criteria": {...}, "action":
// {...}, "seed": n, "duration_seconds": n}}`. The criteria and the action are the contract's
// objects (libs/contracts/src/behaviours/behaviour.ts) with its field names; the envelope speaks
// Nova's snake_case. Every refusal is 400 naming the field (`behaviour.action.status`), and an
// unknown field is refused too, so a typo never creates a behaviour that silently does nothing.
// From XML, numbers and booleans arrive as text and lists as `{action: [...]}`: both are read.

import {
  AGENT_ID_PATTERN, type BehaviourAction, type BehaviourCriteria, type BehaviourFault, type BehaviourKind, type BuildStepName, type Delay,
} from '@app/contracts';
import { invalidField, isPlainObject, parseRef } from '../servers/server-request-fields';

export interface BehaviourRequest {
  criteria: BehaviourCriteria;
  action: BehaviourAction;
  seed: number;
  /** When given, the behaviour stops applying this long after its creation. */
  durationSeconds: number | null;
}

/** The longest a delay, a bus fault or a behaviour may last: one day. */
export const MAX_DURATION_MS = 24 * 3600 * 1000;
/** The most members a sequence may have (fail-nth-request members count once). */
export const MAX_SEQUENCE_MEMBERS = 100;
const MAX_REGEX_LENGTH = 512;
const MAX_TEXT = 255;

export const BEHAVIOUR_KINDS: readonly BehaviourKind[] = [
  'fail-build-step', 'delay-step', 'fail-scheduling', 'false-negative', 'fail-nth-request', 'api-error', 'sequence', 'host-state', 'bus-fault',
];
const FAILABLE_STEPS: readonly Exclude<BuildStepName, 'scheduling'>[] = ['networking', 'block_device_mapping', 'spawning'];
const STEPS: readonly BuildStepName[] = ['scheduling', ...FAILABLE_STEPS];
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', '*'] as const;

/** A simulated host's name: `<agentId>-host-<number>`, as the compute agents name them. */
export const HOST_NAME_PATTERN = /^([A-Za-z0-9_-]{1,64})-host-\d{1,10}$/;

/** The app that applies an action (a sequence's members must all be applied by one app, which keeps its counter). */
export function applierOf(action: BehaviourAction): 'api-gateway' | 'scheduler' | 'compute-agent' | 'every app' {
  switch (action.kind) {
    case 'api-error':
    case 'fail-nth-request':
    case 'false-negative':
      return 'api-gateway';
    case 'fail-scheduling':
      return 'scheduler';
    case 'delay-step':
      return action.step === 'scheduling' ? 'scheduler' : 'compute-agent';
    case 'fail-build-step':
    case 'host-state':
      return 'compute-agent';
    case 'bus-fault':
      return 'every app';
    case 'sequence':
      return action.actions.length > 0 ? applierOf(action.actions[0]) : 'every app';
    default: {
      const _exhaustive: never = action;
      return _exhaustive;
    }
  }
}

/** The agent whose host it is: the host name before `-host-` (docs/behaviours.md). */
export function agentOfHost(host: string): string | undefined {
  const agent = HOST_NAME_PATTERN.exec(host)?.[1];
  return agent !== undefined && AGENT_ID_PATTERN.test(agent) ? agent : undefined;
}

export function parseBehaviourRequest(body: unknown): BehaviourRequest {
  if (!isPlainObject(body) || !('behaviour' in body)) throw invalidField('behaviour', 'behaviour is required');
  const behaviour = objectAt(body.behaviour, 'behaviour');
  onlyKeys(behaviour, 'behaviour', ['criteria', 'action', 'seed', 'duration_seconds']);
  if (behaviour.action === undefined || behaviour.action === null) throw invalidField('behaviour.action', 'action is required');
  const action = parseAction(behaviour.action, 'behaviour.action', 0);
  const criteria = behaviour.criteria === undefined || behaviour.criteria === null || behaviour.criteria === '' ? {} : parseCriteria(behaviour.criteria, 'behaviour.criteria');
  if (action.kind === 'host-state' && Object.keys(criteria).length > 0) {
    throw invalidField('behaviour.criteria', 'a host-state behaviour takes no criteria: it acts on its host, not on servers');
  }
  const seed = behaviour.seed === undefined || behaviour.seed === null ? 0 : integerAt(behaviour.seed, 'behaviour.seed', 0, 2 ** 32 - 1);
  let durationSeconds: number | null = null;
  if (behaviour.duration_seconds !== undefined && behaviour.duration_seconds !== null) {
    if (action.kind === 'host-state') throw invalidField('behaviour.duration_seconds', 'a host-state behaviour lasts until it is deleted (deleting it brings the host up)');
    durationSeconds = numberAt(behaviour.duration_seconds, 'behaviour.duration_seconds', 0, MAX_DURATION_MS / 1000);
    if (durationSeconds <= 0) throw invalidField('behaviour.duration_seconds', 'must be greater than 0');
  }
  return { criteria, action, seed, durationSeconds };
}

export function parseCriteria(value: unknown, path: string): BehaviourCriteria {
  const c = objectAt(value, path);
  onlyKeys(c, path, ['tenantId', 'serverNameRegex', 'metadata', 'flavorId', 'imageRef']);
  const criteria: BehaviourCriteria = {};
  if (c.tenantId !== undefined) criteria.tenantId = textAt(c.tenantId, `${path}.tenantId`);
  if (c.serverNameRegex !== undefined) criteria.serverNameRegex = regexAt(c.serverNameRegex, `${path}.serverNameRegex`);
  if (c.metadata !== undefined) {
    const metadata = c.metadata === '' ? {} : objectAt(c.metadata, `${path}.metadata`);
    for (const [key, item] of Object.entries(metadata)) textAt(item, `${path}.metadata.${key}`, 0);
    criteria.metadata = { ...(metadata as Record<string, string>) };
  }
  if (c.flavorId !== undefined) criteria.flavorId = parseRef(c.flavorId, `${path}.flavorId`);
  if (c.imageRef !== undefined) criteria.imageRef = parseRef(c.imageRef, `${path}.imageRef`);
  return criteria;
}

/** One action; `depth` 1 is a sequence's member (no sequence, host-state or bus fault there). */
export function parseAction(value: unknown, path: string, depth: number): BehaviourAction {
  const a = objectAt(value, path);
  const kind = a.kind;
  if (typeof kind !== 'string' || !(BEHAVIOUR_KINDS as readonly string[]).includes(kind)) {
    throw invalidField(`${path}.kind`, `kind must be one of ${BEHAVIOUR_KINDS.join(', ')}, got ${JSON.stringify(kind ?? null)}`);
  }
  const k = kind as BehaviourKind;
  if (depth > 0 && (k === 'sequence' || k === 'host-state' || k === 'bus-fault')) {
    throw invalidField(`${path}.kind`, `a sequence's members act on requests or servers one at a time; ${k} cannot be one`);
  }
  const message = () => (a.message === undefined ? {} : { message: textAt(a.message, `${path}.message`) });
  const probability = () => (a.probability === undefined ? {} : { probability: numberAt(a.probability, `${path}.probability`, 0, 1) });
  switch (k) {
    case 'fail-build-step':
      onlyKeys(a, path, ['kind', 'step', 'fault', 'probability']);
      return {
        kind: k, step: oneOf(a.step, `${path}.step`, FAILABLE_STEPS), ...(a.fault === undefined ? {} : { fault: faultAt(a.fault, `${path}.fault`) }), ...probability(),
      };
    case 'delay-step':
      onlyKeys(a, path, ['kind', 'step', 'delay']);
      return { kind: k, step: oneOf(a.step, `${path}.step`, STEPS), delay: delayAt(a.delay, `${path}.delay`) };
    case 'fail-scheduling':
      onlyKeys(a, path, ['kind', 'message']);
      return { kind: k, ...message() };
    case 'false-negative':
      onlyKeys(a, path, ['kind', 'status', 'message']);
      return { kind: k, status: statusAt(a.status, `${path}.status`), ...message() };
    case 'fail-nth-request':
      onlyKeys(a, path, ['kind', 'n', 'status', 'method', 'pathRegex', 'message']);
      return {
        kind: k,
        n: integerAt(a.n, `${path}.n`, 1, 1_000_000_000),
        status: statusAt(a.status, `${path}.status`),
        ...(a.method === undefined ? {} : { method: methodAt(a.method, `${path}.method`) }),
        ...(a.pathRegex === undefined ? {} : { pathRegex: regexAt(a.pathRegex, `${path}.pathRegex`) }),
        ...message(),
      };
    case 'api-error':
      onlyKeys(a, path, ['kind', 'method', 'pathRegex', 'status', 'message', 'probability']);
      return {
        kind: k, method: methodAt(a.method, `${path}.method`), pathRegex: regexAt(a.pathRegex, `${path}.pathRegex`), status: statusAt(a.status, `${path}.status`),
        ...message(), ...probability(),
      };
    case 'sequence':
      onlyKeys(a, path, ['kind', 'actions']);
      return { kind: k, actions: membersAt(a.actions, `${path}.actions`) };
    case 'host-state': {
      onlyKeys(a, path, ['kind', 'host', 'up']);
      const host = textAt(a.host, `${path}.host`);
      if (agentOfHost(host) === undefined) throw invalidField(`${path}.host`, `a host is named <agentId>-host-<number> (e.g. agent-1-host-00001), got '${host}'`);
      return { kind: k, host, up: a.up === undefined ? false : booleanAt(a.up, `${path}.up`) };
    }
    case 'bus-fault': {
      onlyKeys(a, path, ['kind', 'consumer', 'mode', 'delayMs', 'probability', 'durationMs']);
      const mode = oneOf(a.mode, `${path}.mode`, ['drop', 'delay', 'duplicate'] as const);
      if (mode === 'delay' && a.delayMs === undefined) throw invalidField(`${path}.delayMs`, 'delayMs is required when mode is delay');
      if (mode !== 'delay' && a.delayMs !== undefined) throw invalidField(`${path}.delayMs`, 'delayMs is only for mode delay');
      return {
        kind: k,
        consumer: textAt(a.consumer, `${path}.consumer`),
        mode,
        ...(a.delayMs === undefined ? {} : { delayMs: integerAt(a.delayMs, `${path}.delayMs`, 0, MAX_DURATION_MS) }),
        ...probability(),
        durationMs: integerAt(a.durationMs, `${path}.durationMs`, 1, MAX_DURATION_MS),
      };
    }
    default: {
      const _exhaustive: never = k;
      return _exhaustive;
    }
  }
}

function membersAt(value: unknown, path: string): BehaviourAction[] {
  let list: unknown[] | undefined;
  if (Array.isArray(value)) list = value;
  else if (isPlainObject(value) && Object.keys(value).length === 1 && 'action' in value) list = ([] as unknown[]).concat(value.action);
  if (list === undefined) throw invalidField(path, 'actions must be a list of actions');
  if (list.length === 0) throw invalidField(path, 'a sequence needs at least one action');
  if (list.length > MAX_SEQUENCE_MEMBERS) throw invalidField(path, `a sequence has at most ${MAX_SEQUENCE_MEMBERS} actions`);
  const members = list.map((member, i) => parseAction(member, `${path}[${i}]`, 1));
  const apps = new Set(members.map(applierOf));
  if (apps.size > 1) {
    throw invalidField(path, `a sequence's actions must all be applied by one app, which counts its turns; these are applied by ${[...apps].join(' and ')}`);
  }
  return members;
}

function faultAt(value: unknown, path: string): BehaviourFault {
  const f = objectAt(value, path);
  onlyKeys(f, path, ['code', 'message', 'details']);
  return {
    code: statusAt(f.code, `${path}.code`),
    message: textAt(f.message, `${path}.message`),
    ...(f.details === undefined ? {} : { details: textAt(f.details, `${path}.details`, 0, 4096) }),
  };
}

function delayAt(value: unknown, path: string): Delay {
  const d = objectAt(value, path);
  const distribution = oneOf(d.distribution, `${path}.distribution`, ['fixed', 'uniform', 'normal', 'exponential'] as const);
  const ms = (field: string, min = 0) => integerAt(d[field], `${path}.${field}`, min, MAX_DURATION_MS);
  switch (distribution) {
    case 'fixed':
      onlyKeys(d, path, ['distribution', 'ms']);
      return { distribution, ms: ms('ms') };
    case 'uniform': {
      onlyKeys(d, path, ['distribution', 'minMs', 'maxMs']);
      const minMs = ms('minMs');
      const maxMs = ms('maxMs');
      if (maxMs < minMs) throw invalidField(`${path}.maxMs`, 'maxMs must be at least minMs');
      return { distribution, minMs, maxMs };
    }
    case 'normal':
      onlyKeys(d, path, ['distribution', 'meanMs', 'stddevMs']);
      return { distribution, meanMs: ms('meanMs'), stddevMs: ms('stddevMs') };
    case 'exponential':
      onlyKeys(d, path, ['distribution', 'meanMs']);
      return { distribution, meanMs: ms('meanMs', 1) };
  }
}

function objectAt(value: unknown, path: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw invalidField(path, `${last(path)} must be an object`);
  return value;
}

function onlyKeys(value: Record<string, unknown>, path: string, allowed: readonly string[]): void {
  const unknown = Object.keys(value).find((key) => !allowed.includes(key));
  if (unknown !== undefined) throw invalidField(`${path}.${unknown}`, `unknown field; ${path} takes ${allowed.join(', ')}`);
}

function textAt(value: unknown, path: string, min = 1, max = MAX_TEXT): string {
  if (typeof value !== 'string') throw invalidField(path, `${last(path)} must be a string`);
  if (value.length < min || value.length > max) throw invalidField(path, `${last(path)} must be ${min} to ${max} characters`);
  return value;
}

function regexAt(value: unknown, path: string): string {
  const source = textAt(value, path, 1, MAX_REGEX_LENGTH);
  try {
    new RegExp(source);
  } catch (error) {
    throw invalidField(path, `not a valid regular expression: ${(error as Error).message}`);
  }
  return source;
}

/** A number, or (from XML) its decimal text. */
function numberAt(value: unknown, path: string, min: number, max: number): number {
  const n = typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw invalidField(path, `${last(path)} must be a number`);
  if (n < min || n > max) throw invalidField(path, `${last(path)} must be from ${min} to ${max}, got ${n}`);
  return n;
}

function integerAt(value: unknown, path: string, min: number, max: number): number {
  const n = numberAt(value, path, min, max);
  if (!Number.isInteger(n)) throw invalidField(path, `${last(path)} must be an integer, got ${n}`);
  return n;
}

function statusAt(value: unknown, path: string): number {
  if (value === undefined) throw invalidField(path, `${last(path)} is required`);
  return integerAt(value, path, 400, 599);
}

function booleanAt(value: unknown, path: string): boolean {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw invalidField(path, `${last(path)} must be true or false`);
}

function methodAt(value: unknown, path: string): string {
  const method = typeof value === 'string' ? value.toUpperCase() : value;
  return oneOf(method, path, HTTP_METHODS);
}

function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalidField(path, `${last(path)} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value ?? null)}`);
  }
  return value as T;
}

const last = (path: string) => path.split('.').pop()!.replace(/\[\d+\]$/, '');
