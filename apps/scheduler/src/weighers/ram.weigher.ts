// Scores a host by its free RAM (total - used, before the allocation ratio): with a positive
// multiplier servers spread over the emptiest hosts, with a negative one they stack on the
// fullest. Nova: nova/scheduler/weights/ram.py (RAMWeigher, ram_weight_multiplier).

import type { HostWeigher } from './host-weigher';

export function ramWeigher(multiplier: number): HostWeigher {
  return { name: 'RAMWeigher', multiplier, weigh: (host) => host.totalRamMb - host.usedRamMb };
}
