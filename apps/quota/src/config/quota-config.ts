// The quota app's own settings, from environment variables with working defaults, checked at
// start like the platform's (libs/platform load-config): a wrong value is a ConfigError whose
// message is one line naming the variable and what it expects.
//
// RESERVATION_TTL_SECONDS (default 60): how long a reservation holds its room if it is neither
//   committed nor rolled back. Nova's reservation_expire was 86400; see docs/decisions.
// QUOTA_SWEEP_INTERVAL_MS (default 5000): how often each replica releases expired reservations.
// QUOTA_LIMITS_FILE (optional): per-tenant limits, see tenant-limits-file.ts.

import { ConfigError } from '@app/platform';
import { readTenantLimitsFile, type TenantLimits } from './tenant-limits-file';

export class QuotaConfig {
  constructor(
    readonly reservationTtlSeconds: number,
    readonly sweepIntervalMs: number,
    /** Per-tenant limits from QUOTA_LIMITS_FILE, by tenant id (empty without a file). */
    readonly tenantLimits: TenantLimits,
  ) {}
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number | string {
  const raw = env[name] ?? String(fallback);
  const value = /^[0-9]+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) return `${name} must be an integer from ${min} to ${max}, got '${raw}'`;
  return value;
}

/** The quota settings in `env` (process.env by default); throws ConfigError on a wrong value. */
export function loadQuotaConfig(env: NodeJS.ProcessEnv = process.env): QuotaConfig {
  const problems: string[] = [];
  const ttl = integer(env, 'RESERVATION_TTL_SECONDS', 60, 1, 86400);
  const sweep = integer(env, 'QUOTA_SWEEP_INTERVAL_MS', 5000, 50, 600_000);
  for (const value of [ttl, sweep]) if (typeof value === 'string') problems.push(value);
  let tenantLimits: TenantLimits = {};
  const file = env.QUOTA_LIMITS_FILE;
  if (file !== undefined && file !== '') {
    const read = readTenantLimitsFile(file);
    if ('problem' in read) problems.push(`QUOTA_LIMITS_FILE ${file} ${read.problem}`);
    else tenantLimits = read.limits;
  }
  if (problems.length > 0) throw new ConfigError(`config: ${problems.join('; ')}`);
  return new QuotaConfig(ttl as number, sweep as number, tenantLimits);
}
