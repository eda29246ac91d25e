// Passes hosts with enough disk left under disk_allocation_ratio: total * ratio - used >= requested
// (in GB; Nova counts MB). Nova: nova/scheduler/filters/disk_filter.py.

import type { HostFilter } from './host-filter';

export const DiskFilter: HostFilter = {
  name: 'DiskFilter',
  hostPasses: (host, spec) => host.usedDiskGb + spec.diskGb <= host.totalDiskGb * host.diskAllocationRatio,
};
