// The hosts an agent simulates: `<agentId>-host-00001` ... with the configured capacity, spread
// over the availability zones round-robin (host 1 in the first zone, host 2 in the second, ...).

export interface HostSpec {
  name: string;
  availabilityZone: string;
  vcpus: number;
  ramMb: number;
  diskGb: number;
}

/** `<agentId>-host-00001` for n = 1 (five digits, more when n passes 99999). */
export function hostName(agentId: string, n: number): string {
  return `${agentId}-host-${String(n).padStart(5, '0')}`;
}

export function hostSpecs(o: { agentId: string; hostCount: number; availabilityZones: readonly string[]; hostVcpus: number; hostRamMb: number; hostDiskGb: number }): HostSpec[] {
  return Array.from({ length: o.hostCount }, (_, i) => ({
    name: hostName(o.agentId, i + 1),
    availabilityZone: o.availabilityZones[i % o.availabilityZones.length],
    vcpus: o.hostVcpus,
    ramMb: o.hostRamMb,
    diskGb: o.hostDiskGb,
  }));
}
