// The in-process worker behind the durable task table: the consumer hands it each task once its
// row is committed, and at start it takes every unfinished row again (an agent killed mid-build
// finishes the build after its restart: nothing stays in BUILD). Tasks of one server run one
// after the other, in the order they were asked for; tasks of different servers run at once.
// A delete that arrives while another task of its server runs stops that task at its next wait
// (it gives way: the delete releases everything). A task that fails unexpectedly (database or
// a service away) is tried again with a growing pause; it is only finished when it ended.

import { setMaxListeners } from 'node:events';
import type { InstanceTasksRepository, TaskRow } from '../instances/instance-tasks.repository';
import type { ComputeMetrics } from '../compute-agent-metrics';
import type { SqlDb } from '@app/event-store';
import { runInRequestContext } from '@app/platform';
import { sleep } from '../fake-virt/hypervisor-driver';
import type { WorkLogger } from './compute-deps';
import { PreemptedError, ShutdownError } from './task-signals';

export type TaskRunner = (task: TaskRow, signal: AbortSignal) => Promise<string>;

interface Lane {
  queue: TaskRow[];
  running?: { task: TaskRow; preempt: AbortController };
}

/** Pauses before the n-th retry of a failing task. */
const RETRY_MS = [500, 1000, 2000, 5000, 10_000, 30_000];

export class TaskWorker {
  private readonly lanes = new Map<string, Lane>();
  private readonly known = new Set<string>();
  private readonly drains = new Set<Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly o: { db: SqlDb; tasks: InstanceTasksRepository; agentId: string; run: TaskRunner; metrics: ComputeMetrics; log: WorkLogger },
  ) {
    o.metrics.tasksQueued.set(0);
    // Every running task listens to it: thousands at once are expected, not a leak.
    setMaxListeners(0, this.stopping.signal);
  }

  /** Queues every unfinished task of the agent; returns how many. */
  async resume(): Promise<number> {
    const unfinished = await this.o.tasks.unfinished(this.o.db, this.o.agentId);
    for (const task of unfinished) this.enqueue(task);
    return unfinished.length;
  }

  /** Queues a task (once: a task already queued or running is ignored). */
  enqueue(task: TaskRow): void {
    if (this.stopping.signal.aborted || this.known.has(task.taskId)) return;
    this.known.add(task.taskId);
    let lane = this.lanes.get(task.serverUuid);
    if (!lane) {
      lane = { queue: [] };
      this.lanes.set(task.serverUuid, lane);
    }
    lane.queue.push(task);
    if (task.kind === 'delete' && lane.running && lane.running.task.kind !== 'delete') lane.running.preempt.abort(new PreemptedError());
    if (!lane.running) this.drain(task.serverUuid, lane);
    this.count();
  }

  /** Tasks queued or running. */
  get pending(): number {
    return this.known.size;
  }

  /** Stops every task at its next wait (they stay unfinished, for the next start) and waits for them. */
  async stop(): Promise<void> {
    this.stopping.abort(new ShutdownError());
    await Promise.all(this.drains);
  }

  private drain(serverUuid: string, lane: Lane): void {
    const run = (async () => {
      while (lane.queue.length > 0 && !this.stopping.signal.aborted) {
        const task = lane.queue.shift()!;
        // One signal per task: aborted by a delete of its server, or by the agent stopping.
        const preempt = new AbortController();
        const onStop = () => preempt.abort(this.stopping.signal.reason);
        this.stopping.signal.addEventListener('abort', onStop, { once: true });
        lane.running = { task, preempt };
        this.count();
        try {
          // Its log lines carry the API request that caused the task (req_id), as the gateway's do.
          await runInRequestContext({ reqId: task.correlationId }, () => this.execute(task, preempt.signal));
        } finally {
          this.stopping.signal.removeEventListener('abort', onStop);
        }
        lane.running = undefined;
        this.known.delete(task.taskId);
      }
      if (lane.queue.length === 0) this.lanes.delete(serverUuid);
      this.count();
    })();
    this.drains.add(run);
    void run.finally(() => this.drains.delete(run));
  }

  private async execute(task: TaskRow, signal: AbortSignal): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.o.run(task, signal);
        await this.o.tasks.finish(this.o.db, task.taskId, outcome);
        return;
      } catch (error) {
        if (this.stopping.signal.aborted) return;
        if (error instanceof PreemptedError) {
          if (task.kind === 'build') this.o.metrics.builds.inc({ outcome: 'deleted' });
          await this.finishQuietly(task, 'superseded');
          return;
        }
        const pause = RETRY_MS[Math.min(attempt - 1, RETRY_MS.length - 1)];
        this.o.log.warn({ task: task.taskId, kind: task.kind, server: task.serverUuid, attempt, err: (error as Error)?.stack ?? String(error) }, `task failed; retrying in ${pause} ms`);
        try {
          await sleep(pause, this.stopping.signal);
        } catch {
          return;
        }
      }
    }
  }

  private async finishQuietly(task: TaskRow, outcome: string): Promise<void> {
    try {
      await this.o.tasks.finish(this.o.db, task.taskId, outcome);
    } catch (error) {
      this.o.log.warn({ task: task.taskId, err: (error as Error).message }, 'could not mark a superseded task finished; it is checked again at the next start');
    }
  }

  private count(): void {
    let running = 0;
    for (const lane of this.lanes.values()) if (lane.running) running++;
    this.o.metrics.tasksQueued.set(this.known.size - running);
  }
}
