// The compute agent's own settings, from environment variables with working defaults, checked
// at start like the platform's (libs/platform load-config): a wrong value is a ConfigError
// whose message is one line naming each variable that is wrong and what it expects.
// docs/compute-agent.md lists them; the step names and profiles are in fake-virt/step-profile.ts.

import { hostname } from 'node:os';
import { AGENT_ID_PATTERN } from '@app/contracts';
import { ConfigError } from '@app/platform';
import { type LatencyRange, type ProfileName, PROFILE_NAMES, STEP_NAMES, type StepName, FAULT_STEPS, type FaultStep } from '../fake-virt/step-profile';

export interface ComputeAgentConfig {
  /** COMPUTE_AGENT_ID: names the agent's hosts (`<agentId>-host-00001`) and its request subjects. */
  agentId: string;
  /** COMPUTE_HOSTS: how many hypervisor hosts this process simulates. */
  hostCount: number;
  /** HOST_VCPUS, HOST_RAM_MB, HOST_DISK_GB: each host's capacity. */
  hostVcpus: number;
  hostRamMb: number;
  hostDiskGb: number;
  /** HOST_AVAILABILITY_ZONES: hosts are spread over these round-robin. */
  availabilityZones: string[];
  /** COMPUTE_PROFILE: `realistic` latencies with progress, or `zero` for load tests. */
  profile: ProfileName;
  /** LATENCY_<STEP>_MS: per-step overrides of the profile, in ms. */
  latencyOverrides: Partial<Record<StepName, LatencyRange>>;
  /** FAIL_<STEP>: the probability (0..1) that a step fails. */
  failureRates: Record<FaultStep, number>;
  /** FAULT_SEED: every latency and every injected fault is drawn from PRNGs seeded with it. */
  faultSeed: string;
  /** HEARTBEAT_INTERVAL_MS. */
  heartbeatIntervalMs: number;
  /** COMPUTE_MAX_CONCURRENT_TASKS: tasks (builds, reboots, ...) running at once in this process. */
  maxConcurrentTasks: number;
}

/** The OS host name as an agent id: anything outside [A-Za-z0-9_-] becomes `-`, at most 64 characters. */
export function agentIdFromHostname(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64);
  return AGENT_ID_PATTERN.test(cleaned) ? cleaned : 'compute';
}

/** `LATENCY_SPAWNING_MS` for `spawning`. */
export function latencyVariable(step: StepName): string {
  return `LATENCY_${step.toUpperCase()}_MS`;
}

/** `FAIL_BLOCK_DEVICE_MAPPING` for `block_device_mapping`. */
export function failureVariable(step: FaultStep): string {
  return `FAIL_${step.toUpperCase()}`;
}

const AVAILABILITY_ZONE = /^[A-Za-z0-9_.:-]{1,255}$/;
const SEED = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_LATENCY_MS = 3_600_000;

class Problems {
  readonly list: string[] = [];

  integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
    const raw = env[name] ?? String(fallback);
    const value = /^[0-9]+$/.test(raw) ? Number(raw) : Number.NaN;
    if (value >= min && value <= max) return value;
    this.list.push(`${name} must be an integer from ${min} to ${max}, got '${raw}'`);
    return fallback;
  }

  probability(env: NodeJS.ProcessEnv, name: string): number {
    const raw = env[name] ?? '0';
    const value = /^(0(\.[0-9]+)?|1(\.0+)?|\.[0-9]+)$/.test(raw) ? Number(raw) : Number.NaN;
    if (value >= 0 && value <= 1) return value;
    this.list.push(`${name} must be a probability from 0 to 1, got '${raw}'`);
    return 0;
  }

  latency(env: NodeJS.ProcessEnv, name: string): LatencyRange | undefined {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const match = /^([0-9]+)(?:-([0-9]+))?$/.exec(raw);
    const min = match ? Number(match[1]) : Number.NaN;
    const max = match ? Number(match[2] ?? match[1]) : Number.NaN;
    if (min <= max && max <= MAX_LATENCY_MS) return { minMs: min, maxMs: max };
    this.list.push(`${name} must be milliseconds 'n' or a range 'min-max' up to ${MAX_LATENCY_MS}, got '${raw}'`);
    return undefined;
  }

  matching(env: NodeJS.ProcessEnv, name: string, fallback: string, pattern: RegExp, expected: string): string {
    const raw = env[name] ?? fallback;
    if (pattern.test(raw)) return raw;
    this.list.push(`${name} ${expected}, got '${raw}'`);
    return fallback;
  }
}

/** The agent's settings in `env` (process.env by default); throws ConfigError on a wrong value. */
export function loadComputeAgentConfig(env: NodeJS.ProcessEnv = process.env, osHostname: string = hostname()): ComputeAgentConfig {
  const p = new Problems();
  const agentId = p.matching(env, 'COMPUTE_AGENT_ID', agentIdFromHostname(osHostname), AGENT_ID_PATTERN, 'must be 1 to 64 letters, digits, - or _');
  const hostCount = p.integer(env, 'COMPUTE_HOSTS', 10, 1, 100_000);
  const hostVcpus = p.integer(env, 'HOST_VCPUS', 16, 1, 4096);
  const hostRamMb = p.integer(env, 'HOST_RAM_MB', 65536, 1, 16_777_216);
  const hostDiskGb = p.integer(env, 'HOST_DISK_GB', 1000, 1, 1_048_576);
  const zonesRaw = env.HOST_AVAILABILITY_ZONES ?? 'az1';
  const availabilityZones = zonesRaw.split(',').map((z) => z.trim());
  if (availabilityZones.some((z) => !AVAILABILITY_ZONE.test(z)) || new Set(availabilityZones).size !== availabilityZones.length) {
    p.list.push(`HOST_AVAILABILITY_ZONES must be a comma-separated list of distinct names (letters, digits, . : _ -), got '${zonesRaw}'`);
  }
  const profileRaw = env.COMPUTE_PROFILE ?? 'realistic';
  const profile = (PROFILE_NAMES as readonly string[]).includes(profileRaw) ? (profileRaw as ProfileName) : 'realistic';
  if (profile !== profileRaw) p.list.push(`COMPUTE_PROFILE must be one of ${PROFILE_NAMES.join(', ')}, got '${profileRaw}'`);
  const latencyOverrides: Partial<Record<StepName, LatencyRange>> = {};
  for (const step of STEP_NAMES) {
    const range = p.latency(env, latencyVariable(step));
    if (range) latencyOverrides[step] = range;
  }
  const failureRates = Object.fromEntries(FAULT_STEPS.map((step) => [step, p.probability(env, failureVariable(step))])) as Record<FaultStep, number>;
  const faultSeed = p.matching(env, 'FAULT_SEED', '1', SEED, 'must be 1 to 64 letters, digits, . _ or -');
  const heartbeatIntervalMs = p.integer(env, 'HEARTBEAT_INTERVAL_MS', 2000, 50, 600_000);
  const maxConcurrentTasks = p.integer(env, 'COMPUTE_MAX_CONCURRENT_TASKS', 200, 1, 100_000);
  if (p.list.length > 0) throw new ConfigError(`config: ${p.list.join('; ')}`);
  return {
    agentId, hostCount, hostVcpus, hostRamMb, hostDiskGb, availabilityZones, profile, latencyOverrides, failureRates, faultSeed, heartbeatIntervalMs,
    maxConcurrentTasks,
  };
}
