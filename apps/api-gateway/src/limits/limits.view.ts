// GET /limits as the spec's example shows it (4.4.4): `rate`, the tenant's rate limits grouped
// by URI with what remains of each and when the next request is allowed, and `absolute`, its
// quota limits by their API names, with Nova's used_limits counts after them. Nova:
// nova/api/openstack/compute/views/limits.py and contrib/used_limits.py.

import { ABSOLUTE_LIMIT_NAMES, type LimitsAnswer, type QuotaResource } from '@app/contracts';
import { represent, type Representation } from '../http/representation';
import { el } from '../http/xml/xml-element';
import type { RateLimit } from '../rate-limit/rate-limit';
import { bucketStatus } from '../rate-limit/rate-limit-bucket';

/** The absolute limits in the order of the spec's XML example, then the two it leaves out. */
const ABSOLUTE_ORDER: QuotaResource[] = [
  'metadata_items', 'injected_files', 'image_metadata_items', 'injected_file_content_bytes', 'security_group_rules', 'security_groups',
  'instances', 'ram', 'cores', 'floating_ips',
];

/** Nova's used_limits names for the counted resources. */
const USED_NAMES: [string, QuotaResource][] = [
  ['totalInstancesUsed', 'instances'],
  ['totalCoresUsed', 'cores'],
  ['totalRAMUsed', 'ram'],
  ['totalFloatingIpsUsed', 'floating_ips'],
  ['totalSecurityGroupsUsed', 'security_groups'],
];

export interface RateLimitState {
  limit: RateLimit;
  /** The counter's tat (undefined: empty) and the database's now, in microseconds. */
  tat: number | undefined;
  now: number;
}

export interface RateView {
  uri: string;
  regex: string;
  limits: { verb: string; value: number; remaining: number; unit: string; nextAvailable: string }[];
}

/** An ISO time to the second, as the spec writes it; a time still to come is rounded up. */
export function isoSeconds(micros: number, now: number): string {
  const millis = micros > now ? Math.ceil(micros / 1_000_000) * 1000 : Math.floor(micros / 1_000_000) * 1000;
  return new Date(millis).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The limits grouped by (uri, regex) in the order they first appear, as Nova groups them. */
export function rateGroups(states: RateLimitState[]): RateView[] {
  const groups: RateView[] = [];
  for (const { limit, tat, now } of states) {
    let group = groups.find((g) => g.uri === limit.uri && g.regex === limit.regex);
    if (!group) {
      group = { uri: limit.uri, regex: limit.regex, limits: [] };
      groups.push(group);
    }
    const { remaining, nextAvailable } = bucketStatus(limit, tat, now);
    group.limits.push({ verb: limit.verb, value: limit.value, remaining, unit: limit.unit, nextAvailable: isoSeconds(nextAvailable, now) });
  }
  return groups;
}

/** The absolute limits and usage, named and ordered for the API. */
export function absoluteLimits(answer: LimitsAnswer): [string, number][] {
  return [
    ...ABSOLUTE_ORDER.map((r): [string, number] => [ABSOLUTE_LIMIT_NAMES[r], answer.limits[r]]),
    ...USED_NAMES.map(([name, r]): [string, number] => [name, answer.inUse[r] ?? 0]),
  ];
}

export function limitsView(rates: RateView[], absolute: [string, number][]): Representation {
  const sorted = [...absolute].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const json = {
    limits: {
      absolute: Object.fromEntries(sorted),
      rate: rates.map((g) => ({
        limit: g.limits.map((l) => ({ 'next-available': l.nextAvailable, remaining: l.remaining, unit: l.unit, value: l.value, verb: l.verb })),
        regex: g.regex,
        uri: g.uri,
      })),
    },
  };
  const xml = () =>
    el(
      'limits',
      {},
      el(
        'rates',
        {},
        ...rates.map((g) =>
          el(
            'rate',
            { regex: g.regex, uri: g.uri },
            ...g.limits.map((l) => el('limit', { 'next-available': l.nextAvailable, remaining: l.remaining, unit: l.unit, value: l.value, verb: l.verb })),
          ),
        ),
      ),
      el('absolute', {}, ...absolute.map(([name, value]) => el('limit', { name, value }))),
    );
  return represent(json, xml, { atom: false });
}
