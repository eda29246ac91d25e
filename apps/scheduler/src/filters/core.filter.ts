// Passes hosts with enough vCPUs left under cpu_allocation_ratio: total * ratio - used >= requested.
// Nova: nova/scheduler/filters/core_filter.py (written like ram.filter.ts, the claim's arithmetic).

import type { HostFilter } from './host-filter';

export const CoreFilter: HostFilter = {
  name: 'CoreFilter',
  hostPasses: (host, spec) => host.vcpusUsed + spec.vcpus <= host.vcpusTotal * host.cpuAllocationRatio,
};
