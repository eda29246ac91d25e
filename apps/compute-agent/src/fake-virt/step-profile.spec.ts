// The latency profiles and the plans tasks draw from them: realistic ranges, zero, overrides,
// failure rates, progress points, and the same plan for the same seed.

import { FakeHypervisorDriver, InjectedFaultError } from './hypervisor-driver';
import { SeededRandom } from './seeded-random';
import { REALISTIC_LATENCIES, planAction, planBuild, spawnProgress, stepProfile } from './step-profile';

describe('step profiles', () => {
  it('realistic: each step within its range, spawns with progress', () => {
    const profile = stepProfile('realistic');
    for (let i = 0; i < 200; i++) {
      const plan = planBuild(profile, new SeededRandom(`r${i}`));
      expect(plan.networking.latencyMs).toBeGreaterThanOrEqual(300);
      expect(plan.networking.latencyMs).toBeLessThanOrEqual(800);
      expect(plan.blockDeviceMapping.latencyMs).toBeGreaterThanOrEqual(200);
      expect(plan.blockDeviceMapping.latencyMs).toBeLessThanOrEqual(500);
      expect(plan.spawning.latencyMs).toBeGreaterThanOrEqual(2000);
      expect(plan.spawning.latencyMs).toBeLessThanOrEqual(5000);
      expect(plan.spawning.progress.length).toBeGreaterThanOrEqual(4);
      expect([plan.networking, plan.blockDeviceMapping, plan.spawning].some((s) => s.fails)).toBe(false);
    }
    expect(REALISTIC_LATENCIES.reboot).toEqual({ minMs: 1000, maxMs: 3000 });
    expect(REALISTIC_LATENCIES.rebuild).toEqual({ minMs: 3000, maxMs: 6000 });
    expect(REALISTIC_LATENCIES.snapshot).toEqual({ minMs: 2000, maxMs: 4000 });
    expect(REALISTIC_LATENCIES.delete).toEqual({ minMs: 200, maxMs: 500 });
  });

  it('zero: no latency and no progress, but the same failure draws', () => {
    const zero = planBuild(stepProfile('zero', {}, { spawning: 0.5 }), new SeededRandom('z'));
    const realistic = planBuild(stepProfile('realistic', {}, { spawning: 0.5 }), new SeededRandom('z'));
    expect([zero.networking.latencyMs, zero.blockDeviceMapping.latencyMs, zero.spawning.latencyMs]).toEqual([0, 0, 0]);
    expect(zero.spawning.progress).toEqual([]);
    expect(zero.spawning.fails).toBe(realistic.spawning.fails);
  });

  it('takes overrides over the profile', () => {
    const profile = stepProfile('zero', { spawning: { minMs: 700, maxMs: 700 }, reboot: { minMs: 5, maxMs: 9 } });
    expect(planBuild(profile, new SeededRandom('o')).spawning.latencyMs).toBe(700);
    const reboot = planAction(profile, 'reboot', new SeededRandom('o'));
    expect(reboot.latencyMs).toBeGreaterThanOrEqual(5);
    expect(reboot.latencyMs).toBeLessThanOrEqual(9);
  });

  it('fails a step as often as its rate says, and always at 1', () => {
    const profile = stepProfile('zero', {}, { networking: 0.3, block_device_mapping: 1 });
    const plans = Array.from({ length: 4000 }, (_, i) => planBuild(profile, SeededRandom.forTask('7', i, 'build', 2)));
    const networking = plans.filter((p) => p.networking.fails).length / plans.length;
    expect(networking).toBeGreaterThan(0.27);
    expect(networking).toBeLessThan(0.33);
    expect(plans.every((p) => p.blockDeviceMapping.fails)).toBe(true);
    expect(plans.some((p) => p.spawning.fails)).toBe(false);
  });

  it('draws the same plan for the same seed and task, whatever else was drawn before', () => {
    const profile = stepProfile('realistic', {}, { networking: 0.5, spawning: 0.5 });
    const first = planBuild(profile, SeededRandom.forTask('99', 12, 'build', 2));
    planBuild(profile, SeededRandom.forTask('99', 13, 'build', 2));
    expect(planBuild(profile, SeededRandom.forTask('99', 12, 'build', 2))).toEqual(first);
    expect(planBuild(profile, SeededRandom.forTask('98', 12, 'build', 2))).not.toEqual(first);
  });

  it('spreads progress points below 100', () => {
    expect(spawnProgress(2000)).toEqual([20, 40, 60, 80]);
    expect(spawnProgress(100)).toEqual([50]);
    expect(spawnProgress(60_000)).toHaveLength(9);
  });
});

describe('the fake hypervisor driver', () => {
  const signal = new AbortController().signal;

  it('reports the progress it has not reported yet, then fails a spawn planned to fail', async () => {
    const plan = planBuild(stepProfile('zero', { spawning: { minMs: 40, maxMs: 40 } }, { spawning: 1 }), new SeededRandom('d'));
    const withProgress = { ...plan, spawning: { ...plan.spawning, progress: [25, 50, 75] } };
    const reported: number[] = [];
    const spawn = new FakeHypervisorDriver({ build: withProgress }).spawn(signal, 25, async (p) => void reported.push(p));
    await expect(spawn).rejects.toBeInstanceOf(InjectedFaultError);
    expect(reported).toEqual([50, 75]);
  });

  it('stops waiting at once when aborted, with the signal reason', async () => {
    const plan = planAction(stepProfile('zero', { reboot: { minMs: 60_000, maxMs: 60_000 } }), 'reboot', new SeededRandom('a'));
    const abort = new AbortController();
    const reboot = new FakeHypervisorDriver({ action: plan }).reboot(abort.signal);
    const reason = new Error('delete arrived');
    abort.abort(reason);
    await expect(reboot).rejects.toBe(reason);
  });
});
