// Percentiles of phase durations by the nearest-rank method: p is the smallest sample with at
// least p% of the samples at or below it, so every figure reported is a duration that was
// actually measured (Rally interpolates; nearest rank never reports a time nobody waited).

import type { PhaseStats } from './load-types';

/** The p-th percentile (0 < p <= 100) of the samples; NaN for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return percentileOfSorted(sorted, p);
}

function percentileOfSorted(sorted: readonly number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** count, p50, p95, p99 and max of one phase's samples (rounded to 0.1 ms). */
export function phaseStats(samples: readonly number[]): PhaseStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  if (sorted.length === 0) return { count: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN };
  return {
    count: sorted.length,
    p50: round(percentileOfSorted(sorted, 50)),
    p95: round(percentileOfSorted(sorted, 95)),
    p99: round(percentileOfSorted(sorted, 99)),
    max: round(sorted[sorted.length - 1]),
  };
}

/** Stats per phase over every record's durations, phases in the order given first. */
export function summarizePhases(durations: readonly Record<string, number>[], order: readonly string[] = []): Record<string, PhaseStats> {
  const samples = new Map<string, number[]>();
  for (const name of order) samples.set(name, []);
  for (const record of durations) {
    for (const [name, ms] of Object.entries(record)) {
      if (!Number.isFinite(ms)) continue;
      if (!samples.has(name)) samples.set(name, []);
      samples.get(name)!.push(ms);
    }
  }
  const result: Record<string, PhaseStats> = {};
  for (const [name, values] of samples) if (values.length > 0) result[name] = phaseStats(values);
  return result;
}
