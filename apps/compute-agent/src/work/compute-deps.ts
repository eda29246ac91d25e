// What the compute manager's parts share: the log (through ServerSteps), the agent's tables,
// the other services' clients, the fleet, the step profile and the seed, metrics and a logger.

import type { BehaviourKind, NetworkClient, QuotaClient } from '@app/contracts';
import type { SqlDb } from '@app/event-store';
import type { ComputeMetrics } from '../compute-agent-metrics';
import type { ConsoleLinesRepository } from '../console/console-lines.repository';
import { SeededRandom } from '../fake-virt/seeded-random';
import type { StepProfile } from '../fake-virt/step-profile';
import type { HostFleet } from '../hosts/host-fleet';
import type { InstanceTasksRepository, TaskRow } from '../instances/instance-tasks.repository';
import type { InstanceRow, InstancesRepository } from '../instances/instances.repository';
import type { ServerSteps, StepContext } from './server-steps';

export interface WorkLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface ComputeDeps {
  agentId: string;
  db: SqlDb;
  steps: ServerSteps;
  network: NetworkClient;
  quota: QuotaClient;
  instances: InstancesRepository;
  tasks: InstanceTasksRepository;
  consoles: ConsoleLinesRepository;
  fleet: HostFleet;
  profile: StepProfile;
  seed: string;
  metrics: ComputeMetrics;
  /** Counts each behaviour applied (BehaviourMetrics); none when absent. */
  behaviourMetrics?: { applied(kind: BehaviourKind): void };
  log: WorkLogger;
  /** The clock (tests may pin it); ISO-8601. */
  now(): string;
}

/** The metadata every event of a task carries: the request that asked for it, and its event. */
export function contextOf(task: TaskRow): StepContext {
  return { correlationId: task.correlationId, causationId: task.taskId, tenantId: task.tenantId };
}

/** The task's own generator: FAULT_SEED, the server, the kind and the asking event's version. */
export function randomFor(deps: ComputeDeps, task: TaskRow, instance: InstanceRow): SeededRandom {
  return SeededRandom.forTask(deps.seed, instance.serverId, task.kind, task.triggerVersion);
}

/** Settles a quota reservation; a settled or expired one is fine, an unavailable quota service only logged. */
export async function settleReservation(deps: ComputeDeps, instance: InstanceRow, task: TaskRow, how: 'commit' | 'rollback'): Promise<void> {
  if (!instance.reservationId) return;
  try {
    await deps.quota[how]({ reservationId: instance.reservationId, correlationId: task.correlationId });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'RESERVATION_NOT_FOUND') return;
    deps.log.warn({ server: instance.serverUuid, reservationId: instance.reservationId, err: (error as Error).message }, `quota ${how} failed; the reservation expires on its own`);
  }
}
