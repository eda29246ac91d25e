// POST /os-behaviours bodies: every kind is read with its defaults, XML reads like JSON, and
// every mistake is 400 naming the field, so no typo creates a behaviour that does nothing.

import { ComputeFault } from '../http/faults';
import { parseXmlBody } from '../http/xml/xml-body';
import { agentOfHost, applierOf, parseBehaviourRequest } from './behaviour-request';

const body = (action: unknown, rest: Record<string, unknown> = {}) => ({ behaviour: { action, ...rest } });

function refusal(work: () => unknown): { code: number; message: string } {
  try {
    work();
  } catch (error) {
    if (error instanceof ComputeFault) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parseBehaviourRequest', () => {
  it('reads criteria, action, seed and duration', () => {
    const parsed = parseBehaviourRequest({
      behaviour: {
        criteria: { tenantId: 't1', serverNameRegex: '^web-', metadata: { role: 'db' }, flavorId: 100, imageRef: 'http://x/v1.1/t/images/120' },
        action: { kind: 'fail-build-step', step: 'spawning', fault: { code: 500, message: 'boom' }, probability: 0.25 },
        seed: 7,
        duration_seconds: 30,
      },
    });
    expect(parsed).toEqual({
      criteria: { tenantId: 't1', serverNameRegex: '^web-', metadata: { role: 'db' }, flavorId: '100', imageRef: '120' },
      action: { kind: 'fail-build-step', step: 'spawning', fault: { code: 500, message: 'boom' }, probability: 0.25 },
      seed: 7,
      durationSeconds: 30,
    });
  });

  it('defaults: no criteria, seed 0, no duration; a host-state takes its host down', () => {
    expect(parseBehaviourRequest(body({ kind: 'fail-scheduling' }))).toEqual({ criteria: {}, action: { kind: 'fail-scheduling' }, seed: 0, durationSeconds: null });
    expect(parseBehaviourRequest(body({ kind: 'host-state', host: 'agent-1-host-00002' })).action).toEqual({ kind: 'host-state', host: 'agent-1-host-00002', up: false });
  });

  it.each([
    [{ kind: 'false-negative', status: 500 }],
    [{ kind: 'false-negative', status: 409, message: 'conflict' }],
    [{ kind: 'fail-nth-request', n: 3, status: 503 }],
    [{ kind: 'fail-nth-request', n: 1, status: 500, method: 'POST', pathRegex: '^/servers$', message: 'no' }],
    [{ kind: 'api-error', method: 'GET', pathRegex: '^/flavors', status: 404 }],
    [{ kind: 'api-error', method: '*', pathRegex: '.', status: 500, probability: 0.5 }],
    [{ kind: 'delay-step', step: 'scheduling', delay: { distribution: 'fixed', ms: 100 } }],
    [{ kind: 'delay-step', step: 'spawning', delay: { distribution: 'uniform', minMs: 10, maxMs: 20 } }],
    [{ kind: 'delay-step', step: 'networking', delay: { distribution: 'normal', meanMs: 100, stddevMs: 10 } }],
    [{ kind: 'delay-step', step: 'block_device_mapping', delay: { distribution: 'exponential', meanMs: 50 } }],
    [{ kind: 'bus-fault', consumer: 'scheduler', mode: 'drop', probability: 0.1, durationMs: 5000 }],
    [{ kind: 'bus-fault', consumer: 'scheduler', mode: 'delay', delayMs: 200, durationMs: 5000 }],
    [{ kind: 'sequence', actions: [{ kind: 'api-error', method: 'POST', pathRegex: '^/servers$', status: 503 }, { kind: 'false-negative', status: 500 }] }],
    [{ kind: 'sequence', actions: [{ kind: 'fail-scheduling' }, { kind: 'delay-step', step: 'scheduling', delay: { distribution: 'fixed', ms: 1 } }] }],
    [{ kind: 'sequence', actions: [{ kind: 'fail-build-step', step: 'networking' }, { kind: 'delay-step', step: 'spawning', delay: { distribution: 'fixed', ms: 1 } }] }],
  ])('accepts %j as given', (action) => {
    expect(parseBehaviourRequest(body(action)).action).toEqual(action);
  });

  it('upper-cases the method', () => {
    expect(parseBehaviourRequest(body({ kind: 'api-error', method: 'get', pathRegex: 'x', status: 500 })).action).toMatchObject({ method: 'GET' });
  });

  it.each<[string, unknown, string]>([
    ['no body', undefined, "'behaviour'"],
    ['no action', { behaviour: {} }, "'behaviour.action'"],
    ['an unknown envelope field', { behaviour: { action: { kind: 'fail-scheduling' }, sed: 1 } }, "'behaviour.sed'"],
    ['an unknown kind', body({ kind: 'explode' }), "'behaviour.action.kind'"],
    ['an unknown action field', body({ kind: 'fail-scheduling', status: 500 }), "'behaviour.action.status'"],
    ['an unknown criteria field', { behaviour: { action: { kind: 'fail-scheduling' }, criteria: { tenant: 'x' } } }, "'behaviour.criteria.tenant'"],
    ['a bad server name regex', { behaviour: { action: { kind: 'fail-scheduling' }, criteria: { serverNameRegex: '(' } } }, "'behaviour.criteria.serverNameRegex'"],
    ['a metadata value that is no string', { behaviour: { action: { kind: 'fail-scheduling' }, criteria: { metadata: { a: 1 } } } }, "'behaviour.criteria.metadata.a'"],
    ['a bad path regex', body({ kind: 'api-error', method: 'GET', pathRegex: '[', status: 500 }), "'behaviour.action.pathRegex'"],
    ['no path regex', body({ kind: 'api-error', method: 'GET', status: 500 }), "'behaviour.action.pathRegex'"],
    ['a bad method', body({ kind: 'api-error', method: 'FETCH', pathRegex: 'x', status: 500 }), "'behaviour.action.method'"],
    ['a status under 400', body({ kind: 'api-error', method: 'GET', pathRegex: 'x', status: 302 }), "'behaviour.action.status'"],
    ['a status over 599', body({ kind: 'false-negative', status: 600 }), "'behaviour.action.status'"],
    ['no status', body({ kind: 'false-negative' }), "'behaviour.action.status'"],
    ['a fractional status', body({ kind: 'false-negative', status: 500.5 }), "'behaviour.action.status'"],
    ['a probability over 1', body({ kind: 'api-error', method: 'GET', pathRegex: 'x', status: 500, probability: 1.5 }), "'behaviour.action.probability'"],
    ['a negative probability', body({ kind: 'fail-build-step', step: 'spawning', probability: -0.1 }), "'behaviour.action.probability'"],
    ['n of 0', body({ kind: 'fail-nth-request', n: 0, status: 500 }), "'behaviour.action.n'"],
    ['a fractional n', body({ kind: 'fail-nth-request', n: 1.5, status: 500 }), "'behaviour.action.n'"],
    ['a bad build step', body({ kind: 'fail-build-step', step: 'scheduling' }), "'behaviour.action.step'"],
    ['a bad delay step', body({ kind: 'delay-step', step: 'booting', delay: { distribution: 'fixed', ms: 1 } }), "'behaviour.action.step'"],
    ['a bad distribution', body({ kind: 'delay-step', step: 'spawning', delay: { distribution: 'poisson', ms: 1 } }), "'behaviour.action.delay.distribution'"],
    ['a negative delay', body({ kind: 'delay-step', step: 'spawning', delay: { distribution: 'fixed', ms: -1 } }), "'behaviour.action.delay.ms'"],
    ['maxMs under minMs', body({ kind: 'delay-step', step: 'spawning', delay: { distribution: 'uniform', minMs: 5, maxMs: 1 } }), "'behaviour.action.delay.maxMs'"],
    ['a fault without a message', body({ kind: 'fail-build-step', step: 'spawning', fault: { code: 500 } }), "'behaviour.action.fault.message'"],
    ['an empty sequence', body({ kind: 'sequence', actions: [] }), "'behaviour.action.actions'"],
    ['a sequence that is no list', body({ kind: 'sequence', actions: 'x' }), "'behaviour.action.actions'"],
    ['a sequence in a sequence', body({ kind: 'sequence', actions: [{ kind: 'sequence', actions: [{ kind: 'fail-scheduling' }] }] }), "'behaviour.action.actions[0].kind'"],
    ['a host-state in a sequence', body({ kind: 'sequence', actions: [{ kind: 'host-state', host: 'a-host-1' }] }), "'behaviour.action.actions[0].kind'"],
    ['a bad member', body({ kind: 'sequence', actions: [{ kind: 'false-negative', status: 200 }] }), "'behaviour.action.actions[0].status'"],
    ['a sequence over two apps', body({ kind: 'sequence', actions: [{ kind: 'fail-scheduling' }, { kind: 'false-negative', status: 500 }] }), "'behaviour.action.actions'"],
    ['a host that names no agent', body({ kind: 'host-state', host: 'compute-7' }), "'behaviour.action.host'"],
    ['up that is no boolean', body({ kind: 'host-state', host: 'a-host-1', up: 'yes' }), "'behaviour.action.up'"],
    ['criteria on a host-state', { behaviour: { action: { kind: 'host-state', host: 'a-host-1' }, criteria: { tenantId: 't' } } }, "'behaviour.criteria'"],
    ['a duration on a host-state', { behaviour: { action: { kind: 'host-state', host: 'a-host-1' }, duration_seconds: 5 } }, "'behaviour.duration_seconds'"],
    ['a delay bus fault without delayMs', body({ kind: 'bus-fault', consumer: 'c', mode: 'delay', durationMs: 10 }), "'behaviour.action.delayMs'"],
    ['a bus fault without durationMs', body({ kind: 'bus-fault', consumer: 'c', mode: 'drop' }), "'behaviour.action.durationMs'"],
    ['a negative seed', { behaviour: { action: { kind: 'fail-scheduling' }, seed: -1 } }, "'behaviour.seed'"],
    ['a zero duration', { behaviour: { action: { kind: 'fail-scheduling' }, duration_seconds: 0 } }, "'behaviour.duration_seconds'"],
  ])('refuses %s with 400 naming the field', (_what, input, field) => {
    const { code, message } = refusal(() => parseBehaviourRequest(input));
    expect(code).toBe(400);
    expect(message).toContain(field);
  });

  it('reads an XML body like JSON: numbers and booleans as text, actions as <action> children', () => {
    const xml = `<behaviour seed="3" duration_seconds="60">
      <criteria tenantId="t1"><metadata><meta key="role">db</meta></metadata></criteria>
      <action kind="sequence"><actions>
        <action kind="api-error" method="POST" pathRegex="^/servers$" status="503" probability="0.5"/>
        <action kind="fail-nth-request" n="2" status="500"/>
      </actions></action>
    </behaviour>`;
    expect(parseBehaviourRequest(parseXmlBody(xml))).toEqual({
      criteria: { tenantId: 't1', metadata: { role: 'db' } },
      action: {
        kind: 'sequence',
        actions: [
          { kind: 'api-error', method: 'POST', pathRegex: '^/servers$', status: 503, probability: 0.5 },
          { kind: 'fail-nth-request', n: 2, status: 500 },
        ],
      },
      seed: 3,
      durationSeconds: 60,
    });
    expect(parseBehaviourRequest(parseXmlBody('<behaviour><action kind="host-state" host="a-host-1" up="true"/></behaviour>')).action).toEqual({
      kind: 'host-state', host: 'a-host-1', up: true,
    });
  });
});

describe('agentOfHost and applierOf', () => {
  it("takes the agent from the host's name", () => {
    expect(agentOfHost('agent-1-host-00003')).toBe('agent-1');
    expect(agentOfHost('e2e_agent-host-1')).toBe('e2e_agent');
    expect(agentOfHost('host-00003')).toBeUndefined();
  });

  it('names the app that applies each kind', () => {
    expect(applierOf({ kind: 'api-error', method: 'GET', pathRegex: 'x', status: 500 })).toBe('api-gateway');
    expect(applierOf({ kind: 'delay-step', step: 'scheduling', delay: { distribution: 'fixed', ms: 1 } })).toBe('scheduler');
    expect(applierOf({ kind: 'delay-step', step: 'spawning', delay: { distribution: 'fixed', ms: 1 } })).toBe('compute-agent');
    expect(applierOf({ kind: 'sequence', actions: [{ kind: 'fail-scheduling' }] })).toBe('scheduler');
  });
});
