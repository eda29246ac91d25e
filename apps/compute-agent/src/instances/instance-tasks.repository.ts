// The instance_tasks table (see the migration): the agent's durable work queue. A row is
// written in the consumer's transaction with the event that asked for the work (its id is the
// row's key, so a redelivered event adds nothing); the worker finishes it; what is unfinished
// at start is resumed.

import type { SqlDb, SqlTx } from '@app/event-store';
import type { ServerFault } from '@app/domain/server';
import type { BuildBehaviourPlan } from '../behaviours/build-behaviours';

export type TaskKind = 'build' | 'reboot' | 'rebuild' | 'snapshot' | 'delete';

/** A build's decided failure, kept so that a retried or resumed task fails the same way. */
export interface BuildFailure {
  step: 'networking' | 'block_device_mapping' | 'spawning';
  fault: ServerFault;
}

export interface TaskRow {
  taskId: string;
  seq: number;
  serverUuid: string;
  agentId: string;
  kind: TaskKind;
  /** The stream version of the event that asked for the task (part of the task's PRNG key). */
  triggerVersion: number;
  correlationId: string;
  tenantId: string;
  data: Record<string, unknown>;
  failure: BuildFailure | null;
  /** For a build: what the behaviours in force when it was queued do to it (decided once). */
  behaviours: BuildBehaviourPlan | null;
}

interface Row {
  task_id: string;
  seq: string;
  server_uuid: string;
  agent_id: string;
  kind: TaskKind;
  trigger_version: number;
  correlation_id: string;
  tenant_id: string;
  data: Record<string, unknown>;
  failure: BuildFailure | null;
  behaviours: BuildBehaviourPlan | null;
}

function toTask(r: Row): TaskRow {
  return {
    taskId: r.task_id, seq: Number(r.seq), serverUuid: r.server_uuid, agentId: r.agent_id, kind: r.kind, triggerVersion: r.trigger_version,
    correlationId: r.correlation_id, tenantId: r.tenant_id, data: r.data, failure: r.failure, behaviours: r.behaviours ?? null,
  };
}

export class InstanceTasksRepository {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `"${schema}".instance_tasks`;
  }

  /** Queues a task; undefined if this event's task is already there. */
  async insert(tx: SqlTx, t: Omit<TaskRow, 'seq' | 'failure' | 'behaviours'> & { behaviours?: BuildBehaviourPlan | null }): Promise<TaskRow | undefined> {
    const { rows } = await tx.query<Row>(
      `INSERT INTO ${this.table} (task_id, server_uuid, agent_id, kind, trigger_version, correlation_id, tenant_id, data, behaviours)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (task_id) DO NOTHING RETURNING *`,
      [t.taskId, t.serverUuid, t.agentId, t.kind, t.triggerVersion, t.correlationId, t.tenantId, JSON.stringify(t.data), t.behaviours ? JSON.stringify(t.behaviours) : null],
    );
    return rows[0] ? toTask(rows[0]) : undefined;
  }

  /** The agent's unfinished tasks, oldest first. */
  async unfinished(db: SqlDb, agentId: string): Promise<TaskRow[]> {
    const { rows } = await db.query<Row>(`SELECT * FROM ${this.table} WHERE agent_id = $1 AND finished_at IS NULL ORDER BY seq`, [agentId]);
    return rows.map(toTask);
  }

  async saveFailure(db: SqlDb, taskId: string, failure: BuildFailure): Promise<void> {
    await db.query(`UPDATE ${this.table} SET failure = $2 WHERE task_id = $1`, [taskId, JSON.stringify(failure)]);
  }

  async finish(db: SqlDb | SqlTx, taskId: string, outcome: string): Promise<void> {
    await db.query(`UPDATE ${this.table} SET finished_at = now(), outcome = $2 WHERE task_id = $1 AND finished_at IS NULL`, [taskId, outcome]);
  }
}
