// Liveness from heartbeats, in memory: each agent's last heartbeat (the time it arrived here,
// so the agents' clocks do not matter) and the hosts it says are down. An agent's hosts are up
// while its last heartbeat is younger than SERVICE_DOWN_TIME_MS and they are not in its
// `downHosts`. `version` changes whenever an answer could change other than by time passing;
// `upUntil(now)` says when time alone changes one. Nova: nova/servicegroup/drivers/db.py (is_up).

import { AGENT_ID_PATTERN, type ComputeHeartbeat } from '@app/contracts';

interface AgentLiveness {
  lastHeartbeatAt: number;
  downHosts: ReadonlySet<string>;
}

export class HeartbeatMonitor {
  private readonly agents = new Map<string, AgentLiveness>();
  private changes = 0;

  constructor(readonly serviceDownTimeMs: number) {}

  get version(): number {
    return this.changes;
  }

  /** Records a heartbeat received at `receivedAt` (ms since the epoch). */
  record(beat: ComputeHeartbeat, receivedAt: number): void {
    const before = this.agents.get(beat.agentId);
    const wasUp = before !== undefined && this.fresh(before, receivedAt);
    const sameDown = before !== undefined && sameMembers(before.downHosts, beat.downHosts);
    if (!wasUp || !sameDown) this.changes++;
    this.agents.set(beat.agentId, { lastHeartbeatAt: Math.max(receivedAt, before?.lastHeartbeatAt ?? 0), downHosts: sameDown ? before.downHosts : new Set(beat.downHosts) });
  }

  /** Is `host` of `agentId` up at `now` as far as heartbeats go? */
  isUp(agentId: string, host: string, now: number): boolean {
    const agent = this.agents.get(agentId);
    return agent !== undefined && this.fresh(agent, now) && !agent.downHosts.has(host);
  }

  /** Has `agentId` sent a heartbeat that is still fresh at `now`? */
  isAgentUp(agentId: string, now: number): boolean {
    const agent = this.agents.get(agentId);
    return agent !== undefined && this.fresh(agent, now);
  }

  /** The moment the first agent up at `now` goes down unless it heartbeats again (Infinity if none is up). */
  upUntil(now: number): number {
    let until = Infinity;
    for (const agent of this.agents.values()) {
      const end = agent.lastHeartbeatAt + this.serviceDownTimeMs;
      if (end > now && end < until) until = end;
    }
    return until;
  }

  private fresh(agent: AgentLiveness, now: number): boolean {
    return now - agent.lastHeartbeatAt < this.serviceDownTimeMs;
  }
}

function sameMembers(set: ReadonlySet<string>, list: readonly string[]): boolean {
  if (set.size !== new Set(list).size) return false;
  return list.every((x) => set.has(x));
}

/**
 * A heartbeat from the wire: the ComputeHeartbeat JSON, or the same inside Nest's event
 * envelope (`{pattern, data}`, what a ClientProxy.emit sends); null when it is not one.
 */
export function parseHeartbeat(payload: Uint8Array): ComputeHeartbeat | null {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return null;
  }
  if (isObject(body) && 'pattern' in body && isObject(body.data)) body = body.data;
  if (!isObject(body)) return null;
  const { agentId, hostCount, downHosts, at } = body;
  if (typeof agentId !== 'string' || !AGENT_ID_PATTERN.test(agentId)) return null;
  if (!Array.isArray(downHosts) || !downHosts.every((h) => typeof h === 'string')) return null;
  return { agentId, hostCount: typeof hostCount === 'number' ? hostCount : 0, downHosts, at: typeof at === 'string' ? at : '' };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
