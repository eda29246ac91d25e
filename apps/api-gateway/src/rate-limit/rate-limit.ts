// A rate limit (spec 3.8.2): at most `value` requests with one HTTP verb to the sub-URIs a
// regex matches, per tenant, per `unit` of time. `uri` is the human form shown by GET /limits,
// `regex` the one that is matched. Nova: nova/api/openstack/compute/limits.py (class Limit).

export const RATE_UNITS = { SECOND: 1, MINUTE: 60, HOUR: 3600, DAY: 86_400 } as const;
export type RateUnit = keyof typeof RATE_UNITS;

export const RATE_VERBS = ['GET', 'POST', 'PUT', 'DELETE'] as const;
export type RateVerb = (typeof RATE_VERBS)[number];

export interface RateLimit {
  verb: RateVerb;
  uri: string;
  regex: string;
  value: number;
  unit: RateUnit;
}

/** The limit's period in microseconds. */
export function periodMicros(limit: RateLimit): number {
  return RATE_UNITS[limit.unit] * 1_000_000;
}

/** The time one request occupies in the bucket: period/value, in whole microseconds (at least 1). */
export function emissionMicros(limit: RateLimit): number {
  return Math.max(1, Math.floor(periodMicros(limit) / limit.value));
}

/**
 * What the bucket holds: `value` requests' worth, so exactly `value` fit at once even when
 * period/value is not a whole number of microseconds (it is then a hair under one period).
 */
export function capacityMicros(limit: RateLimit): number {
  return limit.value * emissionMicros(limit);
}

/**
 * The key of a limit's counter. It names the whole rule, so a changed value or unit starts a
 * fresh count instead of reading an old one with a new meaning.
 */
export function limitKey(limit: RateLimit): string {
  return `${limit.verb} ${limit.regex} ${limit.value}/${limit.unit}`;
}

/** Nova's explanation of a refusal, the overLimit fault's details. */
export function describeLimit(limit: RateLimit): string {
  return `Only ${limit.value} ${limit.verb} request(s) can be made to ${limit.uri} every ${limit.unit.toLowerCase()}.`;
}
