// The behaviours' draws: each delay distribution (range, mean, spread, clamping), the same draw
// for the same seed and subject, sequences given in turn then spent, and which behaviours act
// on a server.

import type { Behaviour, BehaviourAction, Delay } from './behaviour';
import { MAX_BEHAVIOUR_DELAY_MS, actionsOn, behaviourRandom, sampleDelay, sequenceMember, sequenceMembers } from './behaviour-draws';
import type { BehaviourSubject } from './behaviour-match';

const draws = (delay: Delay, n = 20_000) => Array.from({ length: n }, (_, i) => sampleDelay(delay, behaviourRandom({ seed: 7 }, i, 'spawning')));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const stddev = (xs: number[]) => {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
};

function behaviour(id: string, action: BehaviourAction, criteria: Behaviour['criteria'] = {}): Behaviour {
  return { id, criteria, action, seed: 1, createdAt: '2026-01-01T00:00:00.000Z', expiresAt: null };
}

const server: BehaviourSubject = { tenantId: 't1', name: 'web-1', metadata: { role: 'web' }, flavorId: '100', imageId: '120', imageUuid: 'u-120' };

describe('delay distributions', () => {
  it('fixed: always the same', () => {
    expect(new Set(draws({ distribution: 'fixed', ms: 750 }, 100))).toEqual(new Set([750]));
  });

  it('uniform: within its range, spread over it', () => {
    const xs = draws({ distribution: 'uniform', minMs: 200, maxMs: 1200 });
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(200);
    expect(Math.max(...xs)).toBeLessThanOrEqual(1200);
    expect(Math.min(...xs)).toBeLessThan(220);
    expect(Math.max(...xs)).toBeGreaterThan(1180);
    expect(mean(xs)).toBeGreaterThan(680);
    expect(mean(xs)).toBeLessThan(720);
  });

  it('normal: its mean and standard deviation, never negative', () => {
    const xs = draws({ distribution: 'normal', meanMs: 1000, stddevMs: 200 });
    expect(mean(xs)).toBeGreaterThan(990);
    expect(mean(xs)).toBeLessThan(1010);
    expect(stddev(xs)).toBeGreaterThan(190);
    expect(stddev(xs)).toBeLessThan(210);
    expect(Math.min(...draws({ distribution: 'normal', meanMs: 10, stddevMs: 500 }))).toBe(0);
  });

  it('exponential: its mean, a long tail, never negative', () => {
    const xs = draws({ distribution: 'exponential', meanMs: 500 });
    expect(mean(xs)).toBeGreaterThan(485);
    expect(mean(xs)).toBeLessThan(515);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeGreaterThan(2500);
    // Median of an exponential: mean * ln 2.
    const sorted = [...xs].sort((a, b) => a - b);
    expect(sorted[xs.length / 2]).toBeGreaterThan(330);
    expect(sorted[xs.length / 2]).toBeLessThan(365);
  });

  it('gives whole milliseconds, capped at an hour', () => {
    expect(draws({ distribution: 'uniform', minMs: 0, maxMs: 10 }, 200).every(Number.isInteger)).toBe(true);
    expect(sampleDelay({ distribution: 'fixed', ms: 10 * MAX_BEHAVIOUR_DELAY_MS }, behaviourRandom({ seed: 1 }))).toBe(MAX_BEHAVIOUR_DELAY_MS);
    expect(sampleDelay({ distribution: 'fixed', ms: -5 }, behaviourRandom({ seed: 1 }))).toBe(0);
  });

  it('draws the same for the same seed, server and step, something else otherwise', () => {
    const delay: Delay = { distribution: 'exponential', meanMs: 1000 };
    const one = (seed: number, server: number, step: string) => sampleDelay(delay, behaviourRandom({ seed }, server, step));
    expect(one(42, 7, 'networking')).toBe(one(42, 7, 'networking'));
    const others = [one(43, 7, 'networking'), one(42, 8, 'networking'), one(42, 7, 'spawning')];
    expect(others.every((x) => x !== one(42, 7, 'networking'))).toBe(true);
  });
});

describe('sequences', () => {
  const fail: BehaviourAction = { kind: 'fail-build-step', step: 'spawning' };
  const delay: BehaviourAction = { kind: 'delay-step', step: 'networking', delay: { distribution: 'fixed', ms: 100 } };
  const sched: BehaviourAction = { kind: 'fail-scheduling' };

  it('gives the members in turn, nested sequences flattened, then nothing', () => {
    const seq: BehaviourAction = { kind: 'sequence', actions: [fail, { kind: 'sequence', actions: [delay, sched] }] };
    expect(sequenceMembers(seq)).toEqual([fail, delay, sched]);
    expect([1, 2, 3, 4].map((n) => sequenceMember(seq, n))).toEqual([fail, delay, sched, undefined]);
    expect(sequenceMember(fail, 5)).toBe(fail);
  });

  it('acts with the behaviours whose criteria match, oldest first, counting a sequence only when it holds a kind the app applies', async () => {
    const isBuild = (a: BehaviourAction): a is Extract<BehaviourAction, { kind: 'fail-build-step' | 'delay-step' }> => a.kind === 'fail-build-step' || a.kind === 'delay-step';
    const counted: string[] = [];
    const counters = new Map<string, number>();
    const next = async (b: Behaviour) => {
      counted.push(b.id);
      counters.set(b.id, (counters.get(b.id) ?? 0) + 1);
      return counters.get(b.id)!;
    };
    const behaviours = [
      behaviour('a', fail, { tenantId: 't1', serverNameRegex: '^web-' }),
      behaviour('b', delay, { tenantId: 't2' }),
      behaviour('c', { kind: 'sequence', actions: [sched, delay] }),
      behaviour('d', { kind: 'sequence', actions: [sched] }),
      behaviour('e', { kind: 'api-error', method: 'GET', pathRegex: '.*', status: 500 }),
      behaviour('f', delay, { metadata: { role: 'db' } }),
    ];
    const first = await actionsOn(behaviours, server, isBuild, next);
    expect(first.map((x) => [x.behaviour.id, x.action.kind, x.match])).toEqual([['a', 'fail-build-step', undefined]]);
    const second = await actionsOn(behaviours, server, isBuild, next);
    expect(second.map((x) => [x.behaviour.id, x.action.kind, x.match])).toEqual([['a', 'fail-build-step', undefined], ['c', 'delay-step', 2]]);
    expect(counted).toEqual(['c', 'c']);
  });
});
