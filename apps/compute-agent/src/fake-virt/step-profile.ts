// How long each step of the simulated hypervisor takes and whether it fails: the latency
// profile (`realistic` or `zero`), per-step overrides, per-step failure probabilities, and the
// plan a task draws from its seeded generator before it starts. A plan is drawn in one fixed
// order (each step's latency, then its failure), so the same seed and task give the same plan.

import type { SeededRandom } from './seeded-random';

/** Every timed step: the three build steps, then the actions. */
export const STEP_NAMES = ['networking', 'block_device_mapping', 'spawning', 'reboot', 'rebuild', 'snapshot', 'delete'] as const;
export type StepName = (typeof STEP_NAMES)[number];

/** The steps a fault can be injected into (FAIL_<STEP>); a delete never fails. */
export const FAULT_STEPS = ['networking', 'block_device_mapping', 'spawning', 'reboot', 'rebuild', 'snapshot'] as const;
export type FaultStep = (typeof FAULT_STEPS)[number];

export const PROFILE_NAMES = ['realistic', 'zero'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export interface LatencyRange {
  minMs: number;
  maxMs: number;
}

/** Roughly what an Essex-era KVM host took for each step (a spawn includes the image copy). */
export const REALISTIC_LATENCIES: Readonly<Record<StepName, LatencyRange>> = {
  networking: { minMs: 300, maxMs: 800 },
  block_device_mapping: { minMs: 200, maxMs: 500 },
  spawning: { minMs: 2000, maxMs: 5000 },
  reboot: { minMs: 1000, maxMs: 3000 },
  rebuild: { minMs: 3000, maxMs: 6000 },
  snapshot: { minMs: 2000, maxMs: 4000 },
  delete: { minMs: 200, maxMs: 500 },
};

const ZERO: LatencyRange = { minMs: 0, maxMs: 0 };

export interface StepProfile {
  name: ProfileName;
  latencies: Readonly<Record<StepName, LatencyRange>>;
  failureRates: Readonly<Record<FaultStep, number>>;
  /** Whether a spawn reports its progress as it goes (ServerSpawnProgressed). */
  reportsProgress: boolean;
}

export function stepProfile(
  name: ProfileName,
  overrides: Partial<Record<StepName, LatencyRange>> = {},
  failureRates: Partial<Record<FaultStep, number>> = {},
): StepProfile {
  const base = Object.fromEntries(STEP_NAMES.map((step) => [step, name === 'zero' ? ZERO : REALISTIC_LATENCIES[step]])) as Record<StepName, LatencyRange>;
  const rates = Object.fromEntries(FAULT_STEPS.map((step) => [step, failureRates[step] ?? 0])) as Record<FaultStep, number>;
  return { name, latencies: { ...base, ...overrides }, failureRates: rates, reportsProgress: name === 'realistic' };
}

/** One step of a plan: how long it takes and whether it fails at its end. */
export interface StepDraw {
  step: StepName;
  latencyMs: number;
  fails: boolean;
  /** The number drawn against the failure rate, for the fault's details. */
  draw: number;
  rate: number;
}

export interface SpawnDraw extends StepDraw {
  /** The progress values (1..99, rising) reported on the way; empty without progress. */
  progress: number[];
}

export interface BuildPlan {
  networking: StepDraw;
  blockDeviceMapping: StepDraw;
  spawning: SpawnDraw;
}

function drawStep(profile: StepProfile, step: StepName, rng: SeededRandom): StepDraw {
  const { minMs, maxMs } = profile.latencies[step];
  const latencyMs = rng.between(minMs, maxMs);
  const rate = (profile.failureRates as Partial<Record<StepName, number>>)[step] ?? 0;
  const draw = rng.next();
  return { step, latencyMs, fails: draw < rate, draw, rate };
}

/** Progress reports every ~500 ms of a spawn, at most nine, evenly spread below 100. */
export function spawnProgress(latencyMs: number): number[] {
  const count = Math.max(1, Math.min(9, Math.floor(latencyMs / 500)));
  return Array.from({ length: count }, (_, i) => Math.round(((i + 1) * 100) / (count + 1)));
}

export function planBuild(profile: StepProfile, rng: SeededRandom): BuildPlan {
  const networking = drawStep(profile, 'networking', rng);
  const blockDeviceMapping = drawStep(profile, 'block_device_mapping', rng);
  const spawn = drawStep(profile, 'spawning', rng);
  const spawning = { ...spawn, progress: profile.reportsProgress ? spawnProgress(spawn.latencyMs) : [] };
  return { networking, blockDeviceMapping, spawning };
}

/** The plan of an action on a built server: one timed step. */
export function planAction(profile: StepProfile, step: Exclude<StepName, 'networking' | 'block_device_mapping' | 'spawning'>, rng: SeededRandom): StepDraw {
  return drawStep(profile, step, rng);
}
