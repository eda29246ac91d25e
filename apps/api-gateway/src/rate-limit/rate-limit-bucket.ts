// The arithmetic of one rate limit's counter: a leaky bucket, as Nova's Limit class kept it
// (water_level, last_request), stored as the one number that says it all, the time the bucket
// will be empty again ("theoretical arrival time", tat; GCRA). A bucket holds one period; each
// request pours in period/value and it drains in real time. So `value` requests may come at
// once, and then one every period/value. Times are microseconds since the epoch.
//
// The store (rate-limit.store.ts) does `take` atomically in SQL with the same formula; the
// functions here say what its numbers mean, for GET /limits and Retry-After.

import { type RateLimit, capacityMicros, emissionMicros } from './rate-limit';

/** A request now: admitted when the bucket has room for one more, and then the new tat. */
export function take(limit: RateLimit, tat: number | undefined, now: number): { admitted: boolean; tat: number } {
  const next = Math.max(tat ?? now, now) + emissionMicros(limit);
  return next - now <= capacityMicros(limit) ? { admitted: true, tat: next } : { admitted: false, tat: tat ?? now };
}

/** How many more requests would be admitted now, and when the next one will be (now if there is room). */
export function bucketStatus(limit: RateLimit, tat: number | undefined, now: number): { remaining: number; nextAvailable: number } {
  const capacity = capacityMicros(limit);
  const step = emissionMicros(limit);
  const level = Math.max(0, (tat ?? now) - now);
  const remaining = Math.max(0, Math.floor((capacity - level) / step));
  return { remaining, nextAvailable: Math.max(now, (tat ?? now) - capacity + step) };
}

/** How long until a refused request would be admitted, in microseconds. */
export function waitMicros(limit: RateLimit, tat: number, now: number): number {
  return bucketStatus(limit, tat, now).nextAvailable - now;
}
