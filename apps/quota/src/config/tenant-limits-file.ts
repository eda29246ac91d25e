// The operator's per-tenant limits: a JSON file named by QUOTA_LIMITS_FILE, an object of
// tenant id -> limits to override ({"10000000000001": {"instances": 50, "cores": -1}}).
// Read once at start; a wrong file stops the app with one line naming what is wrong.

import { readFileSync } from 'node:fs';
import type { QuotaLimits } from '@app/contracts';
import { limitsProblem } from '@app/domain/quota/quota-limits';

export type TenantLimits = Record<string, Partial<QuotaLimits>>;

/** The per-tenant limits in `json`, or the first problem with them as text. */
export function parseTenantLimits(json: unknown): { limits: TenantLimits } | { problem: string } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { problem: 'must hold an object of tenant id -> limits' };
  }
  const limits: TenantLimits = {};
  for (const [tenantId, tenantLimits] of Object.entries(json)) {
    if (tenantId.trim().length === 0) return { problem: 'has an empty tenant id' };
    const problem = limitsProblem(tenantLimits);
    if (problem) return { problem: `tenant '${tenantId}': ${problem}` };
    limits[tenantId] = { ...(tenantLimits as Partial<QuotaLimits>) };
  }
  return { limits };
}

/** Reads and checks the file; the problem, if any, is text for the one-line error. */
export function readTenantLimitsFile(path: string): { limits: TenantLimits } | { problem: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: `is not JSON (${(error as Error).message})` };
  }
  return parseTenantLimits(json);
}
