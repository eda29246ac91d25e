// The in-memory host states every decision reads, so that choosing among 10,000 hosts costs no
// query. They follow the compute_hosts table: reloaded whole every SCHEDULER_HOST_REFRESH_MS
// (what other replicas claimed), and row by row as soon as this replica changes one. A claim in
// flight here is counted at once (`consume`, as Nova's HostState.consume_from_request), so the
// next decision already sees it, and counted again after each reload until its transaction
// ends (`settle` or `revert`). The table's conditional UPDATE stays the judge: the cache only
// makes losing there rare. Liveness (`up`) is resolved from the heartbeats when asked.
// Nova: nova/scheduler/host_manager.py (HostManager.get_all_host_states).

import type { AllocationRatios } from '../config/scheduler-config';
import type { ComputeHostRow } from './compute-hosts.repository';
import type { HeartbeatMonitor } from './heartbeat-monitor';
import type { HostState, RequestSpec } from './host-state';

interface PendingClaim {
  host: string;
  spec: RequestSpec;
  since: number;
}

/** A claim whose transaction never reported back (a failed COMMIT) stops counting after this long. */
const PENDING_CLAIM_MAX_AGE_MS = 60_000;

export class HostManager {
  private readonly states = new Map<string, HostState>();
  private list: HostState[] = [];
  private readonly pending = new Map<string, PendingClaim>();
  private livenessVersion = -1;
  private livenessUntil = 0;
  private livenessStale = true;

  constructor(
    private readonly ratios: AllocationRatios,
    private readonly heartbeats: HeartbeatMonitor,
  ) {}

  /** Every known host, with `up` resolved for `now`. The same objects from call to call. */
  hostStates(now: number): readonly HostState[] {
    if (this.livenessStale || this.heartbeats.version !== this.livenessVersion || now >= this.livenessUntil) {
      this.livenessVersion = this.heartbeats.version;
      this.livenessUntil = this.heartbeats.upUntil(now);
      this.livenessStale = false;
      for (const s of this.list) s.up = s.reportedUp && this.heartbeats.isUp(s.agentId, s.host, now);
    }
    return this.list;
  }

  get size(): number {
    return this.list.length;
  }

  /** The distinct agents of the known hosts. */
  agentIds(): Set<string> {
    return new Set(this.list.map((s) => s.agentId));
  }

  /** Replaces every state with the table's rows (claims in flight here still count). */
  replaceAll(rows: readonly ComputeHostRow[], now: number): void {
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.host);
      this.setRow(row);
    }
    if (seen.size !== this.states.size) {
      for (const host of this.states.keys()) if (!seen.has(host)) this.states.delete(host);
    }
    this.list = [...this.states.values()];
    for (const [server, claim] of this.pending) {
      if (now - claim.since > PENDING_CLAIM_MAX_AGE_MS) this.pending.delete(server);
      else this.add(claim.host, claim.spec, 1);
    }
    this.livenessStale = true;
  }

  /** One host's row as the table has it now (claims in flight here on it still count). */
  applyRow(row: ComputeHostRow): void {
    const known = this.states.has(row.host);
    this.setRow(row);
    if (!known) this.list.push(this.states.get(row.host)!);
    for (const claim of this.pending.values()) if (claim.host === row.host) this.add(claim.host, claim.spec, 1);
    this.livenessStale = true;
  }

  /** Counts a claim in flight for `serverUuid` on `host` until it is settled or reverted. */
  consume(serverUuid: string, host: string, spec: RequestSpec, now: number): void {
    this.revert(serverUuid);
    this.pending.set(serverUuid, { host, spec, since: now });
    this.add(host, spec, 1);
  }

  /** The claim committed: the host's row (applied next) counts it from now on. */
  settle(serverUuid: string): void {
    this.pending.delete(serverUuid);
  }

  /** The claim did not happen: stop counting it. */
  revert(serverUuid: string): void {
    const claim = this.pending.get(serverUuid);
    if (!claim) return;
    this.pending.delete(serverUuid);
    this.add(claim.host, claim.spec, -1);
  }

  /** Hosts up and down (disabled ones apart), for the gauges. */
  counts(now: number): { up: number; down: number; disabled: number } {
    const counts = { up: 0, down: 0, disabled: 0 };
    for (const s of this.hostStates(now)) {
      if (!s.enabled) counts.disabled++;
      else if (s.up) counts.up++;
      else counts.down++;
    }
    return counts;
  }

  private add(host: string, spec: RequestSpec, sign: 1 | -1): void {
    const s = this.states.get(host);
    if (!s) return;
    s.vcpusUsed += sign * spec.vcpus;
    s.usedRamMb += sign * spec.ramMb;
    s.usedDiskGb += sign * spec.diskGb;
    s.numInstances += sign;
  }

  private setRow(row: ComputeHostRow): void {
    const s = this.states.get(row.host);
    if (!s) {
      this.states.set(row.host, {
        host: row.host,
        agentId: row.agent_id,
        availabilityZone: row.availability_zone,
        vcpusTotal: row.vcpus,
        vcpusUsed: row.used_vcpus,
        totalRamMb: row.ram_mb,
        usedRamMb: row.used_ram_mb,
        totalDiskGb: row.disk_gb,
        usedDiskGb: row.used_disk_gb,
        numInstances: row.instances,
        enabled: row.enabled,
        reportedUp: row.up,
        up: false,
        ramAllocationRatio: this.ratios.ram,
        cpuAllocationRatio: this.ratios.cpu,
        diskAllocationRatio: this.ratios.disk,
      });
      return;
    }
    s.agentId = row.agent_id;
    s.availabilityZone = row.availability_zone;
    s.vcpusTotal = row.vcpus;
    s.vcpusUsed = row.used_vcpus;
    s.totalRamMb = row.ram_mb;
    s.usedRamMb = row.used_ram_mb;
    s.totalDiskGb = row.disk_gb;
    s.usedDiskGb = row.used_disk_gb;
    s.numInstances = row.instances;
    s.enabled = row.enabled;
    s.reportedUp = row.up;
  }
}
