// Host states and request specs for the scheduler's unit tests and benchmark: a roomy, live,
// enabled host with Nova's default ratios, and whatever a test changes.

import type { HostState, RequestSpec } from './host-state';

export function hostState(overrides: Partial<HostState> = {}): HostState {
  return {
    host: 'agent1-host-00001',
    agentId: 'agent1',
    availabilityZone: 'az1',
    vcpusTotal: 8,
    vcpusUsed: 0,
    totalRamMb: 16384,
    usedRamMb: 0,
    totalDiskGb: 100,
    usedDiskGb: 0,
    numInstances: 0,
    enabled: true,
    reportedUp: true,
    up: true,
    ramAllocationRatio: 1.5,
    cpuAllocationRatio: 16,
    diskAllocationRatio: 1.0,
    ...overrides,
  };
}

export function requestSpec(overrides: Partial<RequestSpec> = {}): RequestSpec {
  return { vcpus: 1, ramMb: 512, diskGb: 10, availabilityZone: null, ...overrides };
}
