// The leaky bucket behind every rate limit: `value` requests at once, then one per period/value,
// and what GET /limits and Retry-After say about it.

import { bucketStatus, take, waitMicros } from './rate-limit-bucket';
import type { RateLimit } from './rate-limit';

const S = 1_000_000;
const perMinute = (value: number): RateLimit => ({ verb: 'PUT', uri: '*', regex: '.*', value, unit: 'MINUTE' });

/** Takes `n` requests at `now`, returning the admissions and the final tat. */
function burst(limit: RateLimit, n: number, now: number, tat?: number) {
  const admitted: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const r = take(limit, tat, now);
    admitted.push(r.admitted);
    tat = r.tat;
  }
  return { admitted, tat: tat! };
}

describe('rate limit bucket', () => {
  const now = 1_700_000_000 * S;

  it('admits `value` requests at once and refuses the next', () => {
    const { admitted } = burst(perMinute(3), 4, now);
    expect(admitted).toEqual([true, true, true, false]);
  });

  it('admits exactly `value` even when period/value is not a whole number of microseconds', () => {
    for (const value of [7, 13, 3000, 999_983]) {
      expect(burst(perMinute(value), value + 1, now).admitted.filter(Boolean)).toHaveLength(value);
    }
  });

  it('refills one request per period/value', () => {
    const limit = perMinute(3);
    const { tat } = burst(limit, 3, now);
    expect(take(limit, tat, now + 19 * S).admitted).toBe(false);
    expect(take(limit, tat, now + 20 * S).admitted).toBe(true);
    expect(bucketStatus(limit, tat, now + 40 * S).remaining).toBe(2);
    expect(bucketStatus(limit, tat, now + 600 * S).remaining).toBe(3);
  });

  it('a refusal leaves the bucket as it was', () => {
    const limit = perMinute(1);
    const first = take(limit, undefined, now);
    expect(take(limit, first.tat, now + S)).toEqual({ admitted: false, tat: first.tat });
  });

  it('reports remaining and next-available: now while there is room, then when one drains', () => {
    const limit = perMinute(3);
    expect(bucketStatus(limit, undefined, now)).toEqual({ remaining: 3, nextAvailable: now });
    const one = burst(limit, 1, now);
    expect(bucketStatus(limit, one.tat, now)).toEqual({ remaining: 2, nextAvailable: now });
    const full = burst(limit, 3, now);
    expect(bucketStatus(limit, full.tat, now)).toEqual({ remaining: 0, nextAvailable: now + 20 * S });
    expect(waitMicros(limit, full.tat, now + 5 * S)).toBe(15 * S);
  });

  it('an old tat is an empty bucket', () => {
    expect(bucketStatus(perMinute(10), now - 3600 * S, now)).toEqual({ remaining: 10, nextAvailable: now });
    expect(take(perMinute(10), now - 3600 * S, now)).toEqual({ admitted: true, tat: now + 6 * S });
  });
});
