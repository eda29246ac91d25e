// The scheduler's own settings, from environment variables with working defaults, checked at
// start like the platform's (libs/platform load-config): a wrong value is a ConfigError whose
// message is one line naming the variable and what it expects. Nova's option names in brackets.
//
// SERVICE_DOWN_TIME_MS (10000) [service_down_time]: an agent's hosts are down once its last
//   heartbeat is this old.
// SCHEDULER_RAM_ALLOCATION_RATIO (1.5) [ram_allocation_ratio]: a host offers ram_mb * ratio.
// SCHEDULER_CPU_ALLOCATION_RATIO (16) [cpu_allocation_ratio]: a host offers vcpus * ratio.
// SCHEDULER_DISK_ALLOCATION_RATIO (1.0) [disk_allocation_ratio]: a host offers disk_gb * ratio.
// SCHEDULER_RAM_WEIGHT_MULTIPLIER (1.0) [ram_weight_multiplier]: positive spreads servers over
//   the hosts with most free RAM, negative stacks them on the fullest.
// SCHEDULER_HOST_SUBSET_SIZE (1) [scheduler_host_subset_size]: pick at random among this many
//   best hosts (1: always the best).
// SCHEDULER_CLAIM_ATTEMPTS (5): hosts tried when another claim took a chosen host's room first.
// SCHEDULER_CONCURRENCY (16): create requests decided at once by one replica.
// SCHEDULER_HOST_REFRESH_MS (1000): how often the in-memory host states are reloaded from the
//   compute_hosts table (for the claims other replicas made).

import { ConfigError } from '@app/platform';

/** Nova's allocation ratios: how far a host's resources may be over-committed. */
export interface AllocationRatios {
  ram: number;
  cpu: number;
  disk: number;
}

export class SchedulerConfig {
  constructor(
    readonly serviceDownTimeMs: number,
    readonly ratios: AllocationRatios,
    readonly ramWeightMultiplier: number,
    readonly hostSubsetSize: number,
    readonly claimAttempts: number,
    readonly concurrency: number,
    readonly hostRefreshMs: number,
  ) {}
}

type Read = number | string;

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): Read {
  const raw = env[name] ?? String(fallback);
  const value = /^[0-9]+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) return `${name} must be an integer from ${min} to ${max}, got '${raw}'`;
  return value;
}

function decimal(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, signed = false): Read {
  const raw = env[name] ?? String(fallback);
  const value = (signed ? /^-?[0-9]+(\.[0-9]+)?$/ : /^[0-9]+(\.[0-9]+)?$/).test(raw) ? Number(raw) : Number.NaN;
  const range = min > 0 ? `a number above 0 and up to ${max}` : `a number from ${min} to ${max}`;
  if (!(value >= min && value <= max) || (min > 0 && value === 0)) return `${name} must be ${range}, got '${raw}'`;
  return value;
}

/** The scheduler settings in `env` (process.env by default); throws ConfigError on a wrong value. */
export function loadSchedulerConfig(env: NodeJS.ProcessEnv = process.env): SchedulerConfig {
  const values = {
    downTime: integer(env, 'SERVICE_DOWN_TIME_MS', 10_000, 100, 3_600_000),
    ram: decimal(env, 'SCHEDULER_RAM_ALLOCATION_RATIO', 1.5, Number.MIN_VALUE, 1000),
    cpu: decimal(env, 'SCHEDULER_CPU_ALLOCATION_RATIO', 16, Number.MIN_VALUE, 1000),
    disk: decimal(env, 'SCHEDULER_DISK_ALLOCATION_RATIO', 1.0, Number.MIN_VALUE, 1000),
    multiplier: decimal(env, 'SCHEDULER_RAM_WEIGHT_MULTIPLIER', 1.0, -1000, 1000, true),
    subset: integer(env, 'SCHEDULER_HOST_SUBSET_SIZE', 1, 1, 1000),
    attempts: integer(env, 'SCHEDULER_CLAIM_ATTEMPTS', 5, 1, 100),
    concurrency: integer(env, 'SCHEDULER_CONCURRENCY', 16, 1, 256),
    refresh: integer(env, 'SCHEDULER_HOST_REFRESH_MS', 1000, 50, 600_000),
  };
  const problems = Object.values(values).filter((v): v is string => typeof v === 'string');
  if (problems.length > 0) throw new ConfigError(`config: ${problems.join('; ')}`);
  const v = values as Record<keyof typeof values, number>;
  return new SchedulerConfig(v.downTime, { ram: v.ram, cpu: v.cpu, disk: v.disk }, v.multiplier, v.subset, v.attempts, v.concurrency, v.refresh);
}
