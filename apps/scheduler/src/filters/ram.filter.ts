// Passes hosts with enough RAM left under ram_allocation_ratio: total * ratio - used >= requested.
// Nova: nova/scheduler/filters/ram_filter.py. Written as `used + requested <= total * ratio`, the
// same arithmetic as the claim's conditional UPDATE, so the filter and the claim never disagree.

import type { HostFilter } from './host-filter';

export const RamFilter: HostFilter = {
  name: 'RamFilter',
  hostPasses: (host, spec) => host.usedRamMb + spec.ramMb <= host.totalRamMb * host.ramAllocationRatio,
};
