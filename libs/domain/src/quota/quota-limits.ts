// A tenant's limits: the defaults, then the operator's per-tenant configuration, then what an
// admin set through the API, each overriding the one before for the resources it names.
// -1 means unlimited, as in Nova. Nova: nova/quota.py (the quota_* flags and get_project_quotas).

import { COUNTED_RESOURCES, QuotaResource, type QuotaLimits } from '@app/contracts';

/** A limit of -1: no limit. */
export const UNLIMITED = -1;

/**
 * The spec's List Limits example (4.4.4.1), plus the two limits it does not show, chosen as
 * Nova's Essex defaults were: quota_cores = 20, quota_floating_ips = 10.
 */
export const DEFAULT_QUOTA_LIMITS: QuotaLimits = {
  instances: 20,
  cores: 20,
  ram: 102400,
  floating_ips: 10,
  metadata_items: 50,
  image_metadata_items: 50,
  injected_files: 5,
  injected_file_content_bytes: 10240,
  security_groups: 10,
  security_group_rules: 20,
};

export const QUOTA_RESOURCES: readonly QuotaResource[] = Object.values(QuotaResource);

export function isQuotaResource(name: string): name is QuotaResource {
  return (QUOTA_RESOURCES as readonly string[]).includes(name);
}

export function isCountedResource(name: string): boolean {
  return (COUNTED_RESOURCES as readonly string[]).includes(name);
}

/** The defaults with each layer of overrides applied in order. */
export function effectiveLimits(defaults: QuotaLimits, ...overrides: readonly Partial<QuotaLimits>[]): QuotaLimits {
  const limits = { ...defaults };
  for (const layer of overrides) {
    for (const resource of QUOTA_RESOURCES) {
      const value = layer[resource];
      if (value !== undefined) limits[resource] = value;
    }
  }
  return limits;
}

/** Why `value` cannot be a limit, or undefined when it can (an integer, -1 or more). */
export function limitValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < UNLIMITED) {
    return `must be an integer >= -1 (-1 is unlimited), got ${JSON.stringify(value)}`;
  }
  return undefined;
}

/**
 * Checks a partial set of limits (from a file or a request): every key a quota resource,
 * every value a valid limit. Returns the first problem as text, or undefined.
 */
export function limitsProblem(limits: unknown): string | undefined {
  if (typeof limits !== 'object' || limits === null || Array.isArray(limits)) return `limits must be an object, got ${JSON.stringify(limits)}`;
  for (const [resource, value] of Object.entries(limits)) {
    if (!isQuotaResource(resource)) return `unknown quota resource '${resource}' (known: ${QUOTA_RESOURCES.join(', ')})`;
    const problem = limitValueProblem(value);
    if (problem) return `${resource} ${problem}`;
  }
  return undefined;
}
