// The gateway's behaviour kinds, as pure decisions over one API request: does a behaviour aim
// at this request, does it need the next turn of its shared counter, and what does it do with
// that turn. The interceptor (behaviour.interceptor.ts) feeds it and takes the counters.
//
//   api-error         every request with the method and path fails with the status (or, with a
//                     probability, those whose seeded draw falls under it)
//   fail-nth-request  the n-th request it aims at fails, every other one passes
//   false-negative    a server create goes through, then the answer is the error anyway
//   sequence          the k-th request its members aim at takes turn k: member k acts, if it
//                     aims at that request; a fail-nth-request member takes n turns (n - 1
//                     passes, then the failure); after the last turn the sequence is spent
//
// Criteria: the tenant is the token's; the server fields (name, metadata, flavor, image) are
// read from a server create's body, so criteria naming them select only server creates.

import { type Behaviour, type BehaviourAction, type BehaviourCriteria, type BehaviourSubject, matchesCriteria } from '@app/contracts';
import { ComputeFault } from '../http/faults';

/** What the gateway knows about a request when it decides. */
export interface ApiRequest {
  method: string;
  /** The path below /v1.1/{tenant_id}, without the query: `/servers/detail`. */
  path: string;
  tenantId: string;
  /** POST /servers. */
  isServerCreate: boolean;
  /** For a server create whose body could be read: the server it asks for. */
  server?: BehaviourSubject;
}

/** The control API's path below /v1.1/{tenant_id}: never subject to behaviours. */
export const CONTROL_PATH = /^\/os-behaviours(\/|$)/;

/** The path below /v1.1/{tenant_id}, without the query string or a trailing slash. */
export function pathBelowTenant(url: string, tenantId: string): string {
  const path = url.split('?')[0].replace(/(.)\/+$/, '$1');
  const prefix = `/v1.1/${tenantId}`;
  if (path === prefix) return '/';
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
}

export type RequestAction = Extract<BehaviourAction, { kind: 'api-error' | 'fail-nth-request' | 'false-negative' }>;
export const REQUEST_KINDS = ['api-error', 'fail-nth-request', 'false-negative'] as const;

/** One turn of a sequence: a member acting, or a pass (a fail-nth-request member's first n - 1 turns). */
export type Turn = { act: RequestAction } | { pass: RequestAction };

/** What a behaviour does to a request: fail it now, or let it through and fail the answer (false-negative). */
export interface Verdict {
  when: 'now' | 'after';
  status: number;
  message?: string;
  behaviourId: string;
  kind: RequestAction['kind'];
}

/** A behaviour's decision for one request: nothing, a verdict, and whether it is spent (it will never act again). */
export interface Decision {
  verdict?: Verdict;
  spent?: boolean;
}

const isRequestAction = (a: BehaviourAction): a is RequestAction => (REQUEST_KINDS as readonly string[]).includes(a.kind);

const regexCache = new Map<string, RegExp>();
function regex(source: string): RegExp {
  let compiled = regexCache.get(source);
  if (!compiled) {
    if (regexCache.size > 1000) regexCache.clear();
    compiled = new RegExp(source);
    regexCache.set(source, compiled);
  }
  return compiled;
}

const methodMatches = (wanted: string | undefined, method: string) => wanted === undefined || wanted === '*' || wanted === method;

/** Do the criteria select this request? Criteria on server fields select only server creates that match. */
export function requestMatchesCriteria(criteria: BehaviourCriteria, request: ApiRequest): boolean {
  if (criteria.tenantId !== undefined && criteria.tenantId !== request.tenantId) return false;
  if (!criteriaOnServer(criteria)) return true;
  return request.server !== undefined && matchesCriteria(criteria, request.server);
}

/** Do the criteria look at the server (name, metadata, flavor, image), not only the tenant? */
export function criteriaOnServer(criteria: BehaviourCriteria): boolean {
  return criteria.serverNameRegex !== undefined || criteria.flavorId !== undefined || criteria.imageRef !== undefined || Object.keys(criteria.metadata ?? {}).length > 0;
}

/** Does this action aim at the request (method and path, or a server create)? */
export function aimsAt(action: RequestAction, request: ApiRequest): boolean {
  switch (action.kind) {
    case 'api-error':
      return methodMatches(action.method, request.method) && regex(action.pathRegex).test(request.path);
    case 'fail-nth-request':
      return methodMatches(action.method, request.method) && (action.pathRegex === undefined || regex(action.pathRegex).test(request.path));
    case 'false-negative':
      return request.isServerCreate;
  }
}

/** The request-level actions of a behaviour: itself, or its sequence's members (empty when none). */
function requestActionsOf(action: BehaviourAction): RequestAction[] {
  if (isRequestAction(action)) return [action];
  if (action.kind === 'sequence') return action.actions.filter(isRequestAction);
  return [];
}

/**
 * Does the behaviour need the next turn of its counter for this request? False when it does not
 * aim at it, or acts without counting (api-error without a probability, false-negative).
 */
export function needsTurn(behaviour: Behaviour, request: ApiRequest): boolean {
  const { action } = behaviour;
  if (!requestMatchesCriteria(behaviour.criteria, request)) return false;
  if (action.kind === 'sequence') return requestActionsOf(action).some((member) => aimsAt(member, request));
  if (!isRequestAction(action) || !aimsAt(action, request)) return false;
  return action.kind === 'fail-nth-request' || (action.kind === 'api-error' && action.probability !== undefined);
}

/** The turn `ordinal` (1, 2, ...) of a sequence, or undefined once every turn is taken. */
export function turnAt(actions: readonly BehaviourAction[], ordinal: number): Turn | undefined {
  let k = ordinal;
  for (const member of actions) {
    if (!isRequestAction(member)) return undefined;
    const width = member.kind === 'fail-nth-request' ? member.n : 1;
    if (k <= width) return member.kind === 'fail-nth-request' && k < member.n ? { pass: member } : { act: member };
    k -= width;
  }
  return undefined;
}

/**
 * What the behaviour does to the request. `ordinal` is the turn taken for it (needsTurn said
 * so), else undefined.
 */
export function decide(behaviour: Behaviour, request: ApiRequest, ordinal?: number): Decision {
  const { action } = behaviour;
  if (!requestMatchesCriteria(behaviour.criteria, request)) return {};
  if (action.kind === 'sequence') {
    if (ordinal === undefined) return {};
    const turn = turnAt(action.actions, ordinal);
    if (turn === undefined) return { spent: true };
    if ('pass' in turn || !aimsAt(turn.act, request)) return {};
    return { verdict: act(behaviour, turn.act, ordinal) };
  }
  if (!isRequestAction(action) || !aimsAt(action, request)) return {};
  if (action.kind === 'fail-nth-request') {
    if (ordinal === undefined) return {};
    return { verdict: ordinal === action.n ? act(behaviour, action, ordinal) : undefined, spent: ordinal >= action.n };
  }
  return { verdict: act(behaviour, action, ordinal) };
}

function act(behaviour: Behaviour, action: RequestAction, ordinal: number | undefined): Verdict | undefined {
  if (action.kind === 'api-error' && action.probability !== undefined) {
    if (ordinal === undefined || seededUnit(behaviour.seed, ordinal) >= action.probability) return undefined;
  }
  return {
    when: action.kind === 'false-negative' ? 'after' : 'now',
    status: action.status,
    ...(action.message === undefined ? {} : { message: action.message }),
    behaviourId: behaviour.id,
    kind: action.kind,
  };
}

/**
 * A number in [0, 1) that depends only on the seed and the request's ordinal (FNV-1a of both,
 * then mulberry32's mix): the same behaviour draws the same for its k-th request in every run.
 */
export function seededUnit(seed: number, ordinal: number): number {
  let h = 2166136261;
  for (const ch of `${seed}|${ordinal}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  let t = (h + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'Bad request.',
  401: 'This server could not verify that you are authorized to access the document you requested.',
  403: 'Policy does not allow this action.',
  404: 'The resource could not be found.',
  409: 'There was a conflict when trying to complete your request.',
  413: 'This request was rate-limited.',
  503: 'The service is currently unavailable.',
};

/** The spec's fault for the status (the element its table names), saying which behaviour injected it. */
export function injectedFault(verdict: Verdict): ComputeFault {
  const fallback = verdict.status >= 500 ? 'The server has either erred or is incapable of performing the requested operation.' : 'The request could not be completed.';
  return new ComputeFault(verdict.status, verdict.message ?? DEFAULT_MESSAGES[verdict.status] ?? fallback, `Injected by behaviour ${verdict.behaviourId} (${verdict.kind})`);
}
