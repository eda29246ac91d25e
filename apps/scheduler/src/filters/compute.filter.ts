// Passes hosts whose compute service is up and enabled. Nova: nova/scheduler/filters/compute_filter.py.

import type { HostFilter } from './host-filter';

export const ComputeFilter: HostFilter = {
  name: 'ComputeFilter',
  hostPasses: (host) => host.up && host.enabled,
};
