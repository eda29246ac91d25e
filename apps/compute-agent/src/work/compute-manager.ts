// Runs one task of the agent's queue: finds its instance, waits for the host where the action
// needs it (outside the slots, so a dead host holds nothing), then does the work in a slot.
// Nova: nova/compute/manager.py ComputeManager, one method per kind of task.

import type { TaskRow } from '../instances/instance-tasks.repository';
import { BuildInstance } from './build-instance';
import type { ComputeDeps } from './compute-deps';
import { InstanceActions } from './instance-actions';
import { Slots } from './slots';

export class ComputeManager {
  private readonly builds: BuildInstance;
  private readonly actions: InstanceActions;
  readonly slots: Slots;

  constructor(
    private readonly d: ComputeDeps,
    maxConcurrentTasks: number,
  ) {
    this.builds = new BuildInstance(d);
    this.actions = new InstanceActions(d);
    this.slots = new Slots(maxConcurrentTasks);
  }

  /** Does the task to its end and returns its outcome; throws to have it retried later. */
  async run(task: TaskRow, signal: AbortSignal): Promise<string> {
    const instance = await this.d.instances.get(this.d.db, task.serverUuid);
    if (!instance) return 'unknown-server';
    if (task.kind !== 'build' && task.kind !== 'delete') await this.d.fleet.waitUntilUp(instance.host, signal);
    return this.slots.use(signal, async () => {
      this.d.metrics.tasksInFlight.inc();
      try {
        return task.kind === 'build' ? await this.builds.run(task, instance, signal) : await this.actions.run(task.kind, task, instance, signal);
      } finally {
        this.d.metrics.tasksInFlight.dec();
      }
    });
  }
}
