// A weigher scores a host that passed every filter; the filter scheduler normalizes each
// weigher's scores to 0..1 over the hosts left, multiplies them by the weigher's multiplier and
// adds them up; the highest total wins. Nova: nova/weights.py (BaseWeigher, normalize).

import type { HostState, RequestSpec } from '../hosts/host-state';

export interface HostWeigher {
  readonly name: string;
  /** Positive prefers high raw scores, negative low ones, 0 ignores the weigher. */
  readonly multiplier: number;
  /** The raw score, before normalization. */
  weigh(host: HostState, spec: RequestSpec): number;
}
