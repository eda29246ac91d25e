// A quota set as the os-quota-sets extension shows and takes it: a tenant's limit for each
// resource, by Nova's quota names, plus image_metadata_items (maxImageMeta, a separate quota
// here). An update names only what it changes; each value is an integer from 0, or -1 for
// unlimited as Nova takes it (XML sends them as text). Nova: nova/api/openstack/compute/contrib/quotas.py.

import type { QuotaLimits, QuotaResource } from '@app/contracts';
import { Faults } from '../http/faults';
import { represent, type Representation } from '../http/representation';
import { el } from '../http/xml/xml-element';

export const QUOTA_SET_FIELDS: readonly QuotaResource[] = [
  'instances', 'cores', 'ram', 'floating_ips', 'metadata_items', 'image_metadata_items',
  'injected_files', 'injected_file_content_bytes', 'security_groups', 'security_group_rules',
];

/** The largest limit: a Postgres integer. */
export const MAX_QUOTA_VALUE = 2_147_483_647;

/** Keys clients send along that name no resource (novaclient sends tenant_id; XML has id). */
const IGNORED = new Set(['id', 'tenant_id']);

const invalid = (field: string, problem: string) => Faults.badRequest(`Invalid input for field '${field}': ${problem}`);

function readValue(field: string, raw: unknown): number {
  const value = typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -1 || value > MAX_QUOTA_VALUE) {
    throw invalid(field, `must be -1 (unlimited) or an integer from 0 to ${MAX_QUOTA_VALUE}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** The limits a PUT body sets: `{"quota_set": {"cores": 40, ...}}`; 400 naming the field otherwise. */
export function readQuotaSetUpdate(body: unknown): Partial<QuotaLimits> {
  const set = (body as { quota_set?: unknown } | undefined)?.quota_set;
  if (typeof set !== 'object' || set === null || Array.isArray(set)) throw invalid('quota_set', 'is required and must be an object');
  const limits: Partial<QuotaLimits> = {};
  for (const [key, raw] of Object.entries(set)) {
    if (IGNORED.has(key)) continue;
    if (!(QUOTA_SET_FIELDS as readonly string[]).includes(key)) {
      throw invalid(`quota_set.${key}`, `is not a quota resource (one of ${QUOTA_SET_FIELDS.join(', ')})`);
    }
    limits[key as QuotaResource] = readValue(`quota_set.${key}`, raw);
  }
  return limits;
}

/** `{"quota_set": {"id": ..., "instances": 20, ...}}` or `<quota_set id="..."><instances>20</instances>...</quota_set>`. */
export function quotaSetView(id: string, limits: QuotaLimits): Representation {
  return represent(
    { quota_set: { id, ...Object.fromEntries(QUOTA_SET_FIELDS.map((f) => [f, limits[f]])) } },
    () => el('quota_set', { id }, ...QUOTA_SET_FIELDS.map((f) => el(f, {}, String(limits[f])))),
    { atom: false },
  );
}
