// A build's behaviour plan: delays drawn from the behaviour's seed, the server id and the step
// (the same plan every time), failures with the behaviour's fault or a default naming it, a
// probability drawn the same way, the earliest failing step winning, and the fault a failed
// step shows.

import { type Behaviour, type BehaviourAction, behaviourRandom, sampleDelay } from '@app/contracts';
import { buildFailureOf } from '../work/build-faults';
import { BehaviourFaultError, type BuildAction, appliesToBuild, decideBuildPlan, delayOf } from './build-behaviours';

function acting(id: string, action: BuildAction, seed = 3, match?: number) {
  const behaviour: Behaviour = { id, criteria: {}, action, seed, createdAt: '2026-01-01T00:00:00.000Z', expiresAt: null };
  return { behaviour, action, match };
}

describe('build behaviours', () => {
  it('applies only to build steps', () => {
    const kinds: BehaviourAction[] = [
      { kind: 'fail-build-step', step: 'networking' },
      { kind: 'delay-step', step: 'spawning', delay: { distribution: 'fixed', ms: 1 } },
      { kind: 'delay-step', step: 'scheduling', delay: { distribution: 'fixed', ms: 1 } },
      { kind: 'fail-scheduling' },
    ];
    expect(kinds.map(appliesToBuild)).toEqual([true, true, false, false]);
  });

  it('draws each delay from the seed, the server and the step; delays of one step add up', () => {
    const uniform = { distribution: 'uniform', minMs: 100, maxMs: 900 } as const;
    const plan = decideBuildPlan(
      [acting('d1', { kind: 'delay-step', step: 'networking', delay: uniform }), acting('d2', { kind: 'delay-step', step: 'networking', delay: { distribution: 'fixed', ms: 50 } })],
      17,
    );
    const expected = sampleDelay(uniform, behaviourRandom({ seed: 3 }, 17, 'networking'));
    expect(plan).toEqual({ delays: [{ step: 'networking', ms: expected, behaviourId: 'd1' }, { step: 'networking', ms: 50, behaviourId: 'd2' }], failure: null });
    expect(delayOf(plan, 'networking')).toBe(expected + 50);
    expect(delayOf(plan, 'spawning')).toBe(0);
    expect(decideBuildPlan([acting('d1', { kind: 'delay-step', step: 'networking', delay: uniform })], 17)).toEqual(decideBuildPlan([acting('d1', { kind: 'delay-step', step: 'networking', delay: uniform })], 17));
  });

  it('fails with the behaviour fault, or a default naming the behaviour; the earliest step wins', () => {
    const plan = decideBuildPlan(
      [
        acting('late', { kind: 'fail-build-step', step: 'spawning', fault: { code: 503, message: 'hypervisor on fire' } }),
        acting('early', { kind: 'fail-build-step', step: 'block_device_mapping' }, 3, 2),
      ],
      9,
    );
    expect(plan?.failure).toEqual({
      step: 'block_device_mapping', behaviourId: 'early',
      fault: { code: 500, message: 'Injected by behaviour early: the block_device_mapping step failed', details: 'behaviour early (fail-build-step block_device_mapping, match 2 of its sequence, seed 3)' },
    });
    const only = decideBuildPlan([acting('late', { kind: 'fail-build-step', step: 'spawning', fault: { code: 503, message: 'hypervisor on fire' } })], 9);
    expect(only?.failure?.fault).toEqual({ code: 503, message: 'hypervisor on fire', details: 'behaviour late (fail-build-step spawning, seed 3)' });
  });

  it('fails with a probability drawn from the seed, the server and the step', () => {
    const action: BuildAction = { kind: 'fail-build-step', step: 'networking', probability: 0.4 };
    const failed = Array.from({ length: 1000 }, (_, id) => decideBuildPlan([acting('p', action, 11)], id)?.failure !== undefined);
    expect(failed.filter(Boolean).length).toBeGreaterThan(350);
    expect(failed.filter(Boolean).length).toBeLessThan(450);
    const predicted = Array.from({ length: 1000 }, (_, id) => behaviourRandom({ seed: 11 }, id, 'networking').next() < 0.4);
    expect(failed).toEqual(predicted);
    expect(decideBuildPlan([acting('p', { ...action, probability: 0 }, 11)], 1)).toBeNull();
  });

  it('shows the behaviour fault on the server, stamped when the step failed', () => {
    const failure = { step: 'spawning' as const, behaviourId: 'b1', fault: { code: 500, message: 'm', details: 'd' } };
    expect(buildFailureOf('spawning', new BehaviourFaultError(failure), 'h1', '1', '2026-01-01T00:00:00.000Z')).toEqual({
      reason: 'behaviour',
      failure: { step: 'spawning', fault: { code: 500, message: 'm', details: 'd', created: '2026-01-01T00:00:00.000Z' } },
    });
  });
});
