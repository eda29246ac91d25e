// Which rate limits apply (RATE_LIMITS), and which of them a request hits. The defaults are the
// spec's (4.4.4): GET 3000, PUT 10, POST 40, DELETE 60 a minute on everything, and GET 200 a
// minute on changes-since polling, Nova's one narrower GET limit with HP's value
// (docs/decisions/0009-rate-limits-shared-leaky-buckets.md). A `uri` is a glob (`*` is any
// text); its regex, unless given, is the glob's, and is matched from the start of the request's
// sub-URI: the path after /v1.1/{tenant_id}, with its query string.

import { ConfigError } from '@app/platform';
import { RATE_UNITS, RATE_VERBS, type RateLimit, type RateUnit, type RateVerb, limitKey } from './rate-limit';

export const DEFAULT_RATE_LIMITS: readonly RateLimit[] = [
  { verb: 'GET', uri: '*', regex: '.*', value: 3000, unit: 'MINUTE' },
  { verb: 'GET', uri: '*changes-since*', regex: '.*changes-since.*', value: 200, unit: 'MINUTE' },
  { verb: 'PUT', uri: '*', regex: '.*', value: 10, unit: 'MINUTE' },
  { verb: 'POST', uri: '*', regex: '.*', value: 40, unit: 'MINUTE' },
  { verb: 'DELETE', uri: '*', regex: '.*', value: 60, unit: 'MINUTE' },
];

/** The regex of a glob: `*` is any text, everything else itself. */
export function globToRegex(glob: string): string {
  return glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
}

export class RateLimitTable {
  private readonly compiled: { limit: RateLimit; pattern: RegExp }[];

  constructor(readonly limits: readonly RateLimit[]) {
    this.compiled = limits.map((limit) => ({ limit, pattern: new RegExp(`^(?:${limit.regex})`) }));
  }

  get enabled(): boolean {
    return this.limits.length > 0;
  }

  /** The limits a request hits, in table order. HEAD is a GET (Fastify answers it with the GET route). */
  hits(method: string, subUri: string): RateLimit[] {
    const verb = method === 'HEAD' ? 'GET' : method;
    return this.compiled.filter(({ limit, pattern }) => limit.verb === verb && pattern.test(subUri)).map(({ limit }) => limit);
  }
}

/** The part of a request URL the limits' regexes see: `/servers/detail?changes-since=...`. */
export function subUriOf(url: string, tenantId: string): string {
  const prefix = `/v1.1/${tenantId}`;
  if (url === prefix) return '/';
  if (url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`)) return url.slice(prefix.length);
  return url;
}

const FIELDS = ['verb', 'uri', 'regex', 'value', 'unit'];
const SHAPE = `'off' or a JSON array of {"verb", "uri", "value", "unit"} (optionally "regex")`;

function fail(problem: string): never {
  throw new ConfigError(`config: RATE_LIMITS ${problem}`);
}

function readLimit(entry: unknown, at: string): RateLimit {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail(`${at} must be an object with verb, uri, value and unit`);
  const raw = entry as Record<string, unknown>;
  const unknown = Object.keys(raw).find((k) => !FIELDS.includes(k));
  if (unknown) fail(`${at} has an unknown field '${unknown}' (fields: ${FIELDS.join(', ')})`);
  const verb = typeof raw.verb === 'string' ? raw.verb.toUpperCase() : raw.verb;
  if (!RATE_VERBS.includes(verb as RateVerb)) fail(`${at}.verb must be one of ${RATE_VERBS.join(', ')}, got ${JSON.stringify(raw.verb)}`);
  if (typeof raw.uri !== 'string' || raw.uri === '') fail(`${at}.uri must be a non-empty string such as "*" or "/servers*", got ${JSON.stringify(raw.uri)}`);
  const regex = raw.regex === undefined ? globToRegex(raw.uri) : raw.regex;
  if (typeof regex !== 'string' || regex === '') fail(`${at}.regex must be a non-empty string, got ${JSON.stringify(raw.regex)}`);
  try {
    new RegExp(regex);
  } catch (error) {
    fail(`${at}.regex is not a valid regular expression: ${(error as Error).message}`);
  }
  if (typeof raw.value !== 'number' || !Number.isInteger(raw.value) || raw.value < 1 || raw.value > 1_000_000) {
    fail(`${at}.value must be an integer from 1 to 1000000, got ${JSON.stringify(raw.value)}`);
  }
  const unit = typeof raw.unit === 'string' ? raw.unit.toUpperCase() : raw.unit;
  if (!(typeof unit === 'string' && unit in RATE_UNITS)) fail(`${at}.unit must be one of ${Object.keys(RATE_UNITS).join(', ')}, got ${JSON.stringify(raw.unit)}`);
  return { verb: verb as RateVerb, uri: raw.uri, regex, value: raw.value, unit: unit as RateUnit };
}

/** RATE_LIMITS: unset or empty gives the defaults, `off` none; anything wrong is a ConfigError of one line. */
export function loadRateLimits(env: NodeJS.ProcessEnv = process.env): RateLimitTable {
  const text = env.RATE_LIMITS?.trim();
  if (!text) return new RateLimitTable(DEFAULT_RATE_LIMITS);
  if (text.toLowerCase() === 'off') return new RateLimitTable([]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    fail(`must be ${SHAPE}: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) fail(`must be ${SHAPE}, got ${JSON.stringify(parsed)}`);
  if (parsed.length === 0) fail(`is an empty list; write 'off' to switch rate limiting off`);
  const limits = parsed.map((entry, i) => readLimit(entry, `[${i}]`));
  limits.forEach((limit, i) => {
    const first = limits.findIndex((other) => limitKey(other) === limitKey(limit));
    if (first !== i) fail(`[${i}] repeats [${first}] (same verb, regex, value and unit)`);
  });
  return new RateLimitTable(limits);
}
