// What the scheduler knows about one compute host when it decides: capacity, what claims use,
// whether its service is up and enabled, and the allocation ratios that apply to it. Filters
// and weighers read nothing else. Nova: nova/scheduler/host_manager.py (HostState).

export interface HostState {
  readonly host: string;
  agentId: string;
  availabilityZone: string;
  vcpusTotal: number;
  vcpusUsed: number;
  totalRamMb: number;
  usedRamMb: number;
  totalDiskGb: number;
  usedDiskGb: number;
  numInstances: number;
  /** An operator may disable a host for scheduling (ComputeHostEnabledChanged). */
  enabled: boolean;
  /** What the host's agent last recorded (ComputeHostStateChanged). */
  reportedUp: boolean;
  /**
   * Nova's service_is_up: reported up, its agent's last heartbeat younger than
   * SERVICE_DOWN_TIME_MS, and the heartbeat does not list the host in `downHosts`.
   */
  up: boolean;
  ramAllocationRatio: number;
  cpuAllocationRatio: number;
  diskAllocationRatio: number;
}

/** What one server asks of a host. Nova: nova/objects/request_spec.py (flavor, availability_zone). */
export interface RequestSpec {
  vcpus: number;
  ramMb: number;
  diskGb: number;
  /** Nova's availability_zone hint; null lets any zone do. */
  availabilityZone: string | null;
}
