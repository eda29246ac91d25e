// Messages to and from the compute agents. Each agent answers requests on subjects of its own
// (`compute.<agentId>.<what>`), since a server lives on one agent's host; the scheduler learns
// liveness from each agent's heartbeat on `compute.heartbeat` (core NATS, fire and forget).
// Answers are `{ ok: true, value }` or `{ ok: false, error }`, like the quota and network apps.

/** An agent id names its hosts (`<agentId>-host-00001`): letters, digits, `-` and `_`. */
export const AGENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The request pattern an agent answers for `what`: `compute.<agentId>.console-output`. */
export function computeAgentPattern(agentId: string, what: 'console-output' | 'set-host-state'): string {
  if (!AGENT_ID_PATTERN.test(agentId)) throw new Error(`agent id must match ${AGENT_ID_PATTERN}, got '${agentId}'`);
  return `compute.${agentId}.${what}`;
}

/** Core-NATS subject (behind the namespace, via requestSubject) of every agent's heartbeat. */
export const COMPUTE_HEARTBEAT_PATTERN = 'compute.heartbeat';

/**
 * Sent by each agent every HEARTBEAT_INTERVAL_MS. Its hosts are up while heartbeats keep
 * coming and they are not listed in `downHosts` (Nova's servicegroup "is up" check).
 */
export interface ComputeHeartbeat {
  agentId: string;
  /** How many hosts the agent simulates (all registered as ComputeHostRegistered). */
  hostCount: number;
  downHosts: string[];
  at: string;
}

/** os-getConsoleOutput: the last `length` lines (all when absent). */
export interface ConsoleOutputRequest {
  serverId: string;
  length?: number;
  correlationId: string;
}

export interface ConsoleOutput {
  output: string;
}

/** Takes a simulated host down (it stops heartbeating, its servers shut down) or brings it back. */
export interface SetHostStateRequest {
  host: string;
  up: boolean;
  reason?: string;
  correlationId: string;
}

export interface HostStateAnswer {
  host: string;
  up: boolean;
}

export type ComputeErrorBody =
  | { code: 'SERVER_NOT_FOUND'; message: string }
  | { code: 'HOST_NOT_FOUND'; message: string }
  | { code: 'INVALID_REQUEST'; message: string }
  | { code: 'UNAVAILABLE'; message: string };

export type ComputeAnswer<T> = { ok: true; value: T } | { ok: false; error: ComputeErrorBody };
