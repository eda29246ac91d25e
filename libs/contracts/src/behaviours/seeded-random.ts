// The one seeded generator of the stack (sfc32, seeded by the cyrb128 hash of a key): the
// simulated hypervisor's latencies and FAIL_<STEP> draws, and every draw a behaviour makes
// (libs/contracts/src/behaviours/behaviour-draws.ts). The same key always gives the same
// numbers, in every app and every run, so a run repeats exactly whatever order work interleaves
// in, and work resumed after a crash draws what it drew before.

/** Four 32-bit words from a string (cyrb128, a fast non-cryptographic hash). */
function cyrb128(key: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < key.length; i++) {
    const k = key.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A generator for `key`: the same key always gives the same sequence. */
  constructor(readonly key: string) {
    [this.a, this.b, this.c, this.d] = cyrb128(key);
    // sfc32 wants a few rounds before its output is well mixed.
    for (let i = 0; i < 12; i++) this.next();
  }

  /** The generator of one piece of work: a seed plus what identifies the work, joined with `|`. */
  static forTask(seed: string | number, ...parts: (string | number)[]): SeededRandom {
    return new SeededRandom([seed, ...parts].join('|'));
  }

  /** A number in [0, 1) (sfc32). */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer from `min` to `max`, both included. */
  between(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** true with probability `p` (never for 0, always for 1); always draws once, so plans keep their shape. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** `count` bytes, for fake fingerprints and keys. */
  bytes(count: number): number[] {
    return Array.from({ length: count }, () => Math.floor(this.next() * 256));
  }
}
