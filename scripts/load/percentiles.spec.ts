// Nearest-rank percentiles and the per-phase summary of a run.

import { percentile, phaseStats, summarizePhases } from './percentiles';

describe('percentile (nearest rank)', () => {
  it('is the smallest sample with at least p% of the samples at or below it', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 95)).toBe(95);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
  });

  it('always answers a measured sample, never an interpolation', () => {
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 95)).toBe(40);
    expect(percentile([1, 1000], 50)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
  });

  it('is NaN without samples and does not reorder its input', () => {
    expect(percentile([], 50)).toBeNaN();
    const input = [3, 1, 2];
    percentile(input, 50);
    expect(input).toEqual([3, 1, 2]);
  });
});

describe('phase statistics', () => {
  it('gives count, p50, p95, p99 and max rounded to 0.1 ms', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => (i + 1) * 1.01);
    expect(phaseStats(samples)).toEqual({ count: 1000, p50: 505, p95: 959.5, p99: 999.9, max: 1010 });
  });

  it('summarises every phase found in the records, the given order first, skipping what was not measured', () => {
    const phases = summarizePhases([{ boot: 10, delete: 5 }, { boot: 30, scheduling: 2 }, { boot: 20, delete: NaN }], ['delete', 'boot', 'reboot']);
    expect(Object.keys(phases)).toEqual(['delete', 'boot', 'scheduling']);
    expect(phases.boot).toEqual({ count: 3, p50: 20, p95: 30, p99: 30, max: 30 });
    expect(phases.delete.count).toBe(1);
  });
});
