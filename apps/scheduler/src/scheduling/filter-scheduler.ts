// How one host is chosen, in memory and without I/O: 1 run the filters in order, recording how
// many hosts each one left (the trace a "No valid host" fault carries); 2 weigh what is left
// (each weigher normalized to 0..1, times its multiplier, summed); 3 take the best host, or one
// at random among the best `subsetSize`. Hosts in `exclude` (already tried and lost to a
// concurrent claim) are passed over in step 3 without changing the trace.
// Nova: nova/scheduler/filter_scheduler.py (_schedule, _get_weighted_candidates),
// nova/filters.py (get_filtered_objects), nova/weights.py (normalize).

import type { HostFilter } from '../filters/host-filter';
import type { HostState, RequestSpec } from '../hosts/host-state';
import type { HostWeigher } from '../weighers/host-weigher';

/** How many hosts a filter left. */
export interface FilterStep {
  filter: string;
  hosts: number;
}

export interface Selection {
  /** The chosen host; null when the filters (or the exclusions) left none. */
  host: HostState | null;
  trace: FilterStep[];
  /** How many hosts passed every filter. */
  passed: number;
}

export interface SelectOptions {
  filters: readonly HostFilter[];
  weighers: readonly HostWeigher[];
  /** Choose at random among this many best hosts (Nova's scheduler_host_subset_size); default 1. */
  subsetSize?: number;
  exclude?: ReadonlySet<string>;
  random?: () => number;
}

/** Step 1. Stops at the first filter that leaves no host, as Nova does. */
export function filterHosts(hosts: readonly HostState[], spec: RequestSpec, filters: readonly HostFilter[]): { hosts: HostState[]; trace: FilterStep[] } {
  let left = hosts as HostState[];
  const trace: FilterStep[] = [];
  for (const filter of filters) {
    const next: HostState[] = [];
    for (let i = 0; i < left.length; i++) if (filter.hostPasses(left[i], spec)) next.push(left[i]);
    trace.push({ filter: filter.name, hosts: next.length });
    left = next;
    if (next.length === 0) break;
  }
  return { hosts: left, trace };
}

/** Step 2: the total weight of each host, in the order given. */
export function weighHosts(hosts: readonly HostState[], spec: RequestSpec, weighers: readonly HostWeigher[]): Float64Array {
  const totals = new Float64Array(hosts.length);
  const raw = new Float64Array(hosts.length);
  for (const weigher of weighers) {
    if (weigher.multiplier === 0) continue;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < hosts.length; i++) {
      const w = weigher.weigh(hosts[i], spec);
      raw[i] = w;
      if (w < min) min = w;
      if (w > max) max = w;
    }
    // Nova's normalize(): (w - min) / (max - min), and every weight 0 when they are all equal.
    const range = max - min;
    if (range === 0) continue;
    for (let i = 0; i < hosts.length; i++) totals[i] += (weigher.multiplier * (raw[i] - min)) / range;
  }
  return totals;
}

/** Step 3: the `count` heaviest hosts, heaviest first (ties keep the hosts' order), skipping `exclude`. */
export function heaviestHosts(hosts: readonly HostState[], totals: Float64Array, count: number, exclude?: ReadonlySet<string>): HostState[] {
  const best: number[] = [];
  for (let i = 0; i < hosts.length; i++) {
    if (exclude?.has(hosts[i].host)) continue;
    if (best.length === count && totals[i] <= totals[best[count - 1]]) continue;
    let at = best.length === count ? count - 1 : best.length;
    while (at > 0 && totals[best[at - 1]] < totals[i]) {
      best[at] = best[at - 1];
      at--;
    }
    best[at] = i;
  }
  return best.map((i) => hosts[i]);
}

export function selectHost(hosts: readonly HostState[], spec: RequestSpec, options: SelectOptions): Selection {
  const filtered = filterHosts(hosts, spec, options.filters);
  const passed = filtered.hosts.length;
  if (passed === 0) return { host: null, trace: filtered.trace, passed };
  const totals = weighHosts(filtered.hosts, spec, options.weighers);
  const subset = heaviestHosts(filtered.hosts, totals, Math.max(1, options.subsetSize ?? 1), options.exclude);
  if (subset.length === 0) return { host: null, trace: filtered.trace, passed };
  const pick = subset.length === 1 ? 0 : Math.floor((options.random ?? Math.random)() * subset.length);
  return { host: subset[Math.min(pick, subset.length - 1)], trace: filtered.trace, passed };
}

/** The trace as a fault's details: "Filter ComputeFilter returned 10 host(s); Filter RamFilter returned 0 host(s)". */
export function traceText(trace: readonly FilterStep[]): string {
  return trace.map((step) => `Filter ${step.filter} returned ${step.hosts} host(s)`).join('; ');
}
