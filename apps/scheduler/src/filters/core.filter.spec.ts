// CoreFilter: total * cpu_allocation_ratio - used >= requested.
import { hostState, requestSpec } from '../hosts/host-state.fixtures';
import { CoreFilter } from './core.filter';

describe('CoreFilter', () => {
  const host = (vcpusUsed: number, cpuAllocationRatio = 16) => hostState({ vcpusTotal: 2, vcpusUsed, cpuAllocationRatio });

  it('over-commits up to the ratio: 2 vCPUs at 16 offer 32', () => {
    expect(CoreFilter.hostPasses(host(0), requestSpec({ vcpus: 32 }))).toBe(true);
    expect(CoreFilter.hostPasses(host(0), requestSpec({ vcpus: 33 }))).toBe(false);
  });

  it('counts what claims use', () => {
    expect(CoreFilter.hostPasses(host(30), requestSpec({ vcpus: 2 }))).toBe(true);
    expect(CoreFilter.hostPasses(host(31), requestSpec({ vcpus: 2 }))).toBe(false);
  });

  it('follows the ratio of the host state', () => {
    expect(CoreFilter.hostPasses(host(2, 1), requestSpec({ vcpus: 1 }))).toBe(false);
  });
});
