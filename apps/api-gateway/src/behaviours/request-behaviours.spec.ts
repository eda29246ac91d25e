// The gateway's behaviour kinds as pure decisions: which requests they aim at, when they need a
// turn of their counter, what each turn does (sequences, fail-nth-request), and seeded draws
// that repeat exactly.

import type { Behaviour, BehaviourAction, BehaviourCriteria } from '@app/contracts';
import {
  type ApiRequest, CONTROL_PATH, aimsAt, decide, injectedFault, needsTurn, pathBelowTenant, requestMatchesCriteria, seededUnit, turnAt,
} from './request-behaviours';

const behaviour = (action: BehaviourAction, criteria: BehaviourCriteria = {}, seed = 0): Behaviour => ({
  id: '00000000-0000-4000-8000-000000000001', criteria, action, seed, createdAt: '2025-01-01T00:00:00.000Z', expiresAt: null,
});

const get = (path: string, tenantId = 't1'): ApiRequest => ({ method: 'GET', path, tenantId, isServerCreate: false });
const create = (name: string, tenantId = 't1', extra: Partial<NonNullable<ApiRequest['server']>> = {}): ApiRequest => ({
  method: 'POST', path: '/servers', tenantId, isServerCreate: true,
  server: { tenantId, name, metadata: {}, flavorId: '100', imageId: '120', imageUuid: 'u-120', ...extra },
});

/** Runs requests through one behaviour as the interceptor does, counting turns; answers the statuses (200 for a pass). */
function run(b: Behaviour, requests: ApiRequest[]): number[] {
  let turns = 0;
  return requests.map((r) => {
    const ordinal = needsTurn(b, r) ? ++turns : undefined;
    return decide(b, r, ordinal).verdict?.status ?? 200;
  });
}

describe('the path a behaviour sees', () => {
  it('is the path below /v1.1/{tenant_id}, without the query or a trailing slash', () => {
    expect(pathBelowTenant('/v1.1/t1/servers/detail?limit=1', 't1')).toBe('/servers/detail');
    expect(pathBelowTenant('/v1.1/t1/servers/', 't1')).toBe('/servers');
    expect(pathBelowTenant('/v1.1/t1', 't1')).toBe('/');
    expect(pathBelowTenant('/v1.1/t1/', 't1')).toBe('/');
  });

  it('tells the control API apart', () => {
    expect(CONTROL_PATH.test('/os-behaviours')).toBe(true);
    expect(CONTROL_PATH.test('/os-behaviours/reset')).toBe(true);
    expect(CONTROL_PATH.test('/os-behavioursx')).toBe(false);
  });
});

describe('criteria on requests', () => {
  it('selects by the token tenant', () => {
    expect(requestMatchesCriteria({ tenantId: 't1' }, get('/flavors'))).toBe(true);
    expect(requestMatchesCriteria({ tenantId: 't2' }, get('/flavors'))).toBe(false);
    expect(requestMatchesCriteria({}, get('/flavors'))).toBe(true);
  });

  it('criteria on server fields select only server creates that match', () => {
    expect(requestMatchesCriteria({ serverNameRegex: '^web' }, get('/servers'))).toBe(false);
    expect(requestMatchesCriteria({ serverNameRegex: '^web' }, create('web-1'))).toBe(true);
    expect(requestMatchesCriteria({ serverNameRegex: '^web' }, create('db-1'))).toBe(false);
    expect(requestMatchesCriteria({ metadata: { role: 'db' } }, create('x', 't1', { metadata: { role: 'db', a: 'b' } }))).toBe(true);
    expect(requestMatchesCriteria({ metadata: { role: 'db' } }, create('x'))).toBe(false);
    expect(requestMatchesCriteria({ imageRef: 'u-120', flavorId: '100' }, create('x'))).toBe(true);
    expect(requestMatchesCriteria({ flavorId: '101' }, create('x'))).toBe(false);
    expect(requestMatchesCriteria({ metadata: {} }, get('/servers'))).toBe(true);
  });
});

describe('api-error', () => {
  const action: BehaviourAction = { kind: 'api-error', method: 'GET', pathRegex: '^/flavors$', status: 503 };

  it('fails every request with the method and path, and no other', () => {
    expect(run(behaviour(action), [get('/flavors'), get('/flavors/detail'), { ...get('/flavors'), method: 'POST' }, get('/flavors')])).toEqual([503, 200, 200, 503]);
  });

  it('"*" is any method', () => {
    expect(aimsAt({ ...action, method: '*' }, { ...get('/flavors'), method: 'DELETE' })).toBe(true);
  });

  it('needs no turn without a probability', () => {
    expect(needsTurn(behaviour(action), get('/flavors'))).toBe(false);
  });

  it('with a probability, fails the requests whose seeded draw falls under it, the same in every run', () => {
    const b = behaviour({ ...action, probability: 0.5 }, {}, 42);
    const requests = Array.from({ length: 200 }, () => get('/flavors'));
    const first = run(b, requests);
    expect(run(b, requests)).toEqual(first);
    const failed = first.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThan(60);
    expect(failed).toBeLessThan(140);
    expect(run(behaviour({ ...action, probability: 0.5 }, {}, 43), requests)).not.toEqual(first);
    expect(run(behaviour({ ...action, probability: 0 }), requests.slice(0, 20))).toEqual(Array(20).fill(200));
    expect(run(behaviour({ ...action, probability: 1 }), requests.slice(0, 20))).toEqual(Array(20).fill(503));
  });
});

describe('fail-nth-request', () => {
  it('fails exactly the n-th request it aims at', () => {
    const b = behaviour({ kind: 'fail-nth-request', n: 3, status: 500, method: 'GET', pathRegex: '^/images' });
    expect(run(b, [get('/images'), get('/flavors'), get('/images/1'), get('/images'), get('/images')])).toEqual([200, 200, 200, 500, 200]);
  });

  it('is spent from its n-th turn on', () => {
    const b = behaviour({ kind: 'fail-nth-request', n: 2, status: 500 });
    expect(decide(b, get('/x'), 1)).toEqual({ verdict: undefined, spent: false });
    expect(decide(b, get('/x'), 2)).toMatchObject({ verdict: { status: 500, when: 'now' }, spent: true });
    expect(decide(b, get('/x'), 3)).toEqual({ verdict: undefined, spent: true });
  });

  it('counts only requests of its tenant', () => {
    const b = behaviour({ kind: 'fail-nth-request', n: 2, status: 500 }, { tenantId: 't2' });
    expect(run(b, [get('/x', 't1'), get('/x', 't2'), get('/x', 't1'), get('/x', 't2')])).toEqual([200, 200, 200, 500]);
  });
});

describe('false-negative', () => {
  it('aims at the matching server creates and answers after the create', () => {
    const b = behaviour({ kind: 'false-negative', status: 500, message: 'lost' }, { serverNameRegex: '^fn-' });
    expect(decide(b, create('fn-1')).verdict).toEqual({ when: 'after', status: 500, message: 'lost', behaviourId: b.id, kind: 'false-negative' });
    expect(decide(b, create('ok-1')).verdict).toBeUndefined();
    expect(decide(b, get('/servers')).verdict).toBeUndefined();
    expect(needsTurn(b, create('fn-1'))).toBe(false);
  });
});

describe('sequence', () => {
  const fail503: BehaviourAction = { kind: 'api-error', method: 'POST', pathRegex: '^/servers$', status: 503 };
  const falseNegative: BehaviourAction = { kind: 'false-negative', status: 500 };

  it('gives successive requests its members in turn, then is spent', () => {
    const b = behaviour({ kind: 'sequence', actions: [falseNegative, fail503] }, { serverNameRegex: '^seq-' });
    const when = (r: ApiRequest, ordinal?: number) => decide(b, r, ordinal).verdict?.when;
    expect(needsTurn(b, create('seq-1'))).toBe(true);
    expect(when(create('seq-1'), 1)).toBe('after');
    expect(when(create('seq-2'), 2)).toBe('now');
    expect(decide(b, create('seq-3'), 3)).toEqual({ spent: true });
    expect(needsTurn(b, create('other'))).toBe(false);
  });

  it('a fail-nth-request member takes n turns: n - 1 passes, then the failure', () => {
    const actions: BehaviourAction[] = [
      { kind: 'api-error', method: 'POST', pathRegex: '^/os-keypairs$', status: 409 },
      { kind: 'fail-nth-request', n: 2, status: 500, method: 'POST', pathRegex: '^/os-keypairs$' },
    ];
    expect([1, 2, 3, 4].map((k) => turnAt(actions, k))).toEqual([{ act: actions[0] }, { pass: actions[1] }, { act: actions[1] }, undefined]);
    const post = { ...get('/os-keypairs'), method: 'POST' };
    expect(run(behaviour({ kind: 'sequence', actions }), [post, post, get('/os-keypairs'), post, post])).toEqual([409, 200, 200, 500, 200]);
  });

  it('a turn whose member does not aim at the request lets it pass', () => {
    const b = behaviour({ kind: 'sequence', actions: [fail503, { kind: 'api-error', method: 'GET', pathRegex: '^/flavors$', status: 404 }] });
    // The GET takes turn 1 (the POST member's): it passes; the POST then takes turn 2 (the GET member's): it passes too.
    expect(run(b, [get('/flavors'), create('x')])).toEqual([200, 200]);
  });
});

describe('seededUnit and injectedFault', () => {
  it('draws in [0, 1), the same for the same seed and ordinal', () => {
    for (let i = 1; i < 100; i++) {
      const u = seededUnit(5, i);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      expect(seededUnit(5, i)).toBe(u);
    }
    expect(seededUnit(5, 1)).not.toBe(seededUnit(6, 1));
  });

  it("is the spec's fault for the status, naming the behaviour", () => {
    const fault = injectedFault({ when: 'now', status: 503, behaviourId: 'b-1', kind: 'api-error' });
    expect(fault).toMatchObject({ code: 503, element: 'serviceUnavailable', message: 'The service is currently unavailable.', details: 'Injected by behaviour b-1 (api-error)' });
    expect(injectedFault({ when: 'now', status: 500, behaviourId: 'b', kind: 'api-error', message: 'x' })).toMatchObject({ element: 'cloudServersFault', message: 'x' });
    expect(injectedFault({ when: 'now', status: 404, behaviourId: 'b', kind: 'api-error' }).element).toBe('itemNotFound');
  });
});
