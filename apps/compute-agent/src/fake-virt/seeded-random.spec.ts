// The seeded generator: the same key gives the same numbers, a different key different ones,
// and the numbers look uniform enough for latencies and fault draws.

import { SeededRandom } from './seeded-random';

const take = (rng: SeededRandom, n: number) => Array.from({ length: n }, () => rng.next());

describe('SeededRandom', () => {
  it('repeats exactly for the same key', () => {
    expect(take(new SeededRandom('42|7|build|2'), 20)).toEqual(take(new SeededRandom('42|7|build|2'), 20));
    expect(take(SeededRandom.forTask('42', 7, 'build', 2), 5)).toEqual(take(new SeededRandom('42|7|build|2'), 5));
  });

  it('differs for another seed, server, kind or event', () => {
    const base = take(SeededRandom.forTask('42', 7, 'build', 2), 4);
    for (const other of [SeededRandom.forTask('43', 7, 'build', 2), SeededRandom.forTask('42', 8, 'build', 2), SeededRandom.forTask('42', 7, 'reboot', 2), SeededRandom.forTask('42', 7, 'build', 3)]) {
      expect(take(other, 4)).not.toEqual(base);
    }
  });

  it('draws uniformly in [0, 1)', () => {
    const values = take(new SeededRandom('uniform'), 20_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
    const deciles = new Array(10).fill(0);
    for (const v of values) deciles[Math.floor(v * 10)]++;
    for (const count of deciles) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });

  it('gives integers in a closed range, chances that are never and always, and bytes', () => {
    const rng = new SeededRandom('range');
    const ints = Array.from({ length: 2000 }, () => rng.between(300, 800));
    expect(Math.min(...ints)).toBe(300);
    expect(Math.max(...ints)).toBe(800);
    expect(ints.every(Number.isInteger)).toBe(true);
    expect(Array.from({ length: 1000 }, () => rng.chance(0)).some(Boolean)).toBe(false);
    expect(Array.from({ length: 1000 }, () => rng.chance(1)).every(Boolean)).toBe(true);
    expect(rng.bytes(16).every((b) => Number.isInteger(b) && b >= 0 && b < 256)).toBe(true);
  });
});
