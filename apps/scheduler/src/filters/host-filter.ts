// A host filter answers one question about one host for one request: can it take the server?
// Filters are pure functions of (host state, request spec); the filter scheduler runs them in
// order and records how many hosts each one left. Nova: nova/scheduler/filters/__init__.py
// (BaseHostFilter.host_passes).

import type { HostState, RequestSpec } from '../hosts/host-state';

export interface HostFilter {
  /** Nova's class name (`RamFilter`), as the trace and the logs show it. */
  readonly name: string;
  hostPasses(host: HostState, spec: RequestSpec): boolean;
}
