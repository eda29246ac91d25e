// DiskFilter: total * disk_allocation_ratio - used >= requested.
import { hostState, requestSpec } from '../hosts/host-state.fixtures';
import { DiskFilter } from './disk.filter';

describe('DiskFilter', () => {
  const host = (usedDiskGb: number, diskAllocationRatio = 1.0) => hostState({ totalDiskGb: 100, usedDiskGb, diskAllocationRatio });

  it('does not over-commit at the default ratio 1.0', () => {
    expect(DiskFilter.hostPasses(host(0), requestSpec({ diskGb: 100 }))).toBe(true);
    expect(DiskFilter.hostPasses(host(0), requestSpec({ diskGb: 101 }))).toBe(false);
  });

  it('counts what claims use', () => {
    expect(DiskFilter.hostPasses(host(80), requestSpec({ diskGb: 20 }))).toBe(true);
    expect(DiskFilter.hostPasses(host(81), requestSpec({ diskGb: 20 }))).toBe(false);
  });

  it('follows the ratio of the host state', () => {
    expect(DiskFilter.hostPasses(host(100, 1.5), requestSpec({ diskGb: 50 }))).toBe(true);
  });
});
