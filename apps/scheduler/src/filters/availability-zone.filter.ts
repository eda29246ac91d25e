// Passes hosts in the availability zone the request names; any host when it names none.
// Nova: nova/scheduler/filters/availability_zone_filter.py.

import type { HostFilter } from './host-filter';

export const AvailabilityZoneFilter: HostFilter = {
  name: 'AvailabilityZoneFilter',
  hostPasses: (host, spec) => spec.availabilityZone === null || host.availabilityZone === spec.availabilityZone,
};
