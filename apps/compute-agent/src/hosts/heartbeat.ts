// The agent's heartbeat: every HEARTBEAT_INTERVAL_MS, and at once when a host goes down or comes
// up, `{agentId, hostCount, downHosts, at}` on the core-NATS subject compute.heartbeat (behind
// the namespace). The scheduler counts the agent's hosts as up while heartbeats keep coming and
// they are not in downHosts. Nova: the servicegroup driver's report_state.

import { COMPUTE_HEARTBEAT_PATTERN, type ComputeHeartbeat, requestSubject } from '@app/contracts';
import type { NatsConnection } from '@nats-io/transport-node';
import type { HostFleet } from './host-fleet';

export class Heartbeat {
  private timer?: NodeJS.Timeout;
  private readonly subject: string;

  constructor(
    private readonly o: { nc: NatsConnection; namespace: string; agentId: string; fleet: HostFleet; intervalMs: number },
  ) {
    this.subject = requestSubject(o.namespace, COMPUTE_HEARTBEAT_PATTERN);
  }

  start(): void {
    this.beat();
    this.timer = setInterval(() => this.beat(), this.o.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Sends one heartbeat now (fire and forget: a lost one is replaced by the next). */
  beat(): void {
    const heartbeat: ComputeHeartbeat = { agentId: this.o.agentId, hostCount: this.o.fleet.size, downHosts: this.o.fleet.downHosts(), at: new Date().toISOString() };
    if (this.o.nc.isClosed() || this.o.nc.isDraining()) return;
    this.o.nc.publish(this.subject, JSON.stringify(heartbeat));
  }
}
