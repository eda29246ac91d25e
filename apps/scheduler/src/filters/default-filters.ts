// The filters every decision runs, in this order: liveness first (cheapest, and it removes
// what no other filter should count), then the resources, then the zone. Nova configures the
// same list as scheduler_default_filters (nova/conf/scheduler.py).

import { AvailabilityZoneFilter } from './availability-zone.filter';
import { ComputeFilter } from './compute.filter';
import { CoreFilter } from './core.filter';
import { DiskFilter } from './disk.filter';
import type { HostFilter } from './host-filter';
import { RamFilter } from './ram.filter';

export const DEFAULT_FILTERS: readonly HostFilter[] = [ComputeFilter, RamFilter, CoreFilter, DiskFilter, AvailabilityZoneFilter];
