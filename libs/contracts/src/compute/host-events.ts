// The facts about simulated hypervisor hosts, one stream per host (`host-<name>`), written by
// the compute agent that simulates the host and read by the scheduler to build its host
// states (Nova: the compute_nodes rows nova-compute reports). Liveness itself is not an event:
// it is the agent's heartbeat (compute.messages.ts), as Nova's service_update was.

/** A host exists, with its capacity. Written once per host (again only if its capacity changes). */
export interface ComputeHostRegistered {
  type: 'ComputeHostRegistered';
  data: { host: string; agentId: string; availabilityZone: string; vcpus: number; ramMb: number; diskGb: number; at: string };
}

/** A host went down or came back (fault injection, or an operator): its agent says so. */
export interface ComputeHostStateChanged {
  type: 'ComputeHostStateChanged';
  data: { host: string; up: boolean; reason: string; at: string };
}

/** An operator enabled or disabled a host for scheduling (Nova's `nova-manage service disable`). */
export interface ComputeHostEnabledChanged {
  type: 'ComputeHostEnabledChanged';
  data: { host: string; enabled: boolean; at: string };
}

export type HostEvent = ComputeHostRegistered | ComputeHostStateChanged | ComputeHostEnabledChanged;

const TYPES = new Set<string>(['ComputeHostRegistered', 'ComputeHostStateChanged', 'ComputeHostEnabledChanged']);

export function isHostEvent(event: { type: string }): event is HostEvent {
  return TYPES.has(event.type);
}
