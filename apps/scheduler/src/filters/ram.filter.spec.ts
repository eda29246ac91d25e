// RamFilter: total * ram_allocation_ratio - used >= requested.
import { hostState, requestSpec } from '../hosts/host-state.fixtures';
import { RamFilter } from './ram.filter';

describe('RamFilter', () => {
  const host = (usedRamMb: number, ramAllocationRatio = 1.5) => hostState({ totalRamMb: 1024, usedRamMb, ramAllocationRatio });

  it('over-commits up to the ratio: 1024 MB at 1.5 offers 1536 MB', () => {
    expect(RamFilter.hostPasses(host(0), requestSpec({ ramMb: 1536 }))).toBe(true);
    expect(RamFilter.hostPasses(host(0), requestSpec({ ramMb: 1537 }))).toBe(false);
  });

  it('counts what claims use', () => {
    expect(RamFilter.hostPasses(host(1024), requestSpec({ ramMb: 512 }))).toBe(true);
    expect(RamFilter.hostPasses(host(1025), requestSpec({ ramMb: 512 }))).toBe(false);
  });

  it('follows the ratio of the host state', () => {
    expect(RamFilter.hostPasses(host(0, 1.0), requestSpec({ ramMb: 1025 }))).toBe(false);
    expect(RamFilter.hostPasses(host(0, 2.0), requestSpec({ ramMb: 2048 }))).toBe(true);
  });

  it('passes a request for no RAM on a full host', () => {
    expect(RamFilter.hostPasses(host(1536), requestSpec({ ramMb: 0 }))).toBe(true);
  });
});
