// What the agent's durable consumer (`compute-agent-<agentId>`, on every server event) does
// with an event, inside the consumer's transaction: a ServerScheduled naming this agent becomes
// an instance row and a build task; a reboot, rebuild, snapshot or delete request for one of
// its instances becomes a task. Nothing else. A build's behaviours (fault injection) are decided
// here, once, and stored on its task row. The task reaches the worker once the transaction
// has committed; the consumer never waits for the work itself.
// Nova: the RPC casts nova-compute receives (build_and_run_instance, reboot_instance, ...).

import { idOf, type RecordedEvent } from '@app/contracts';
import { isServerEvent, type ServerCreateRequested } from '@app/domain/server';
import type { PostgresEventStore, SqlTx } from '@app/event-store';
import type { BuildBehaviourPlan, BuildBehaviours } from '../behaviours/build-behaviours';
import { guestHostname } from '../console/console-text';
import type { InstanceTasksRepository, TaskKind, TaskRow } from '../instances/instance-tasks.repository';
import type { InstancesRepository } from '../instances/instances.repository';

/** The size of base64 user data once decoded. */
function decodedSize(userData: string | null): number | null {
  return userData === null ? null : Buffer.from(userData, 'base64').length;
}

const REQUEST_TYPES = new Set(['ServerRebootRequested', 'ServerRebuildRequested', 'ServerSnapshotRequested', 'ServerDeleteRequested']);

export class ComputeEventsHandler {
  constructor(
    private readonly o: {
      agentId: string;
      store: PostgresEventStore;
      instances: InstancesRepository;
      tasks: InstanceTasksRepository;
      /** Decides what the behaviours in force do to a build; none when absent. */
      behaviours?: BuildBehaviours;
      /** Called after the commit with each task queued. */
      queued: (task: TaskRow) => void;
    },
  ) {}

  /**
   * Whether an event can concern this agent: its own ServerScheduled, and the requests a server
   * on its hosts may get (whether the server is one of ours is known only in the transaction).
   */
  interestedIn(event: RecordedEvent): boolean {
    if (event.type === 'ServerScheduled') return (event.data as { agentId?: string }).agentId === this.o.agentId;
    return REQUEST_TYPES.has(event.type);
  }

  async handle(event: RecordedEvent, tx: SqlTx): Promise<void> {
    if (!isServerEvent(event)) return;
    const uuid = idOf(event.streamName);
    switch (event.type) {
      case 'ServerScheduled': {
        const { agentId, host } = event.data as { agentId: string; host: string };
        if (agentId !== this.o.agentId) return;
        const create = await this.createRequest(event, tx);
        await this.o.instances.insert(tx, {
          serverUuid: uuid, serverId: create.serverId, agentId, host, tenantId: create.tenantId, name: create.name,
          hostname: guestHostname(create.name, create.serverId), imageId: create.imageId, keyName: create.keyName,
          personalityPaths: create.personality.map((p) => p.path), userDataBytes: decodedSize(create.userData), configDrive: create.configDrive,
          reservationId: create.reservationId ?? null,
        });
        const behaviours = (await this.o.behaviours?.plan(tx, uuid, create.serverId, create)) ?? null;
        return this.queue(tx, event, uuid, 'build', create.tenantId, {}, behaviours);
      }
      case 'ServerRebootRequested':
        return this.queueIfMine(tx, event, uuid, 'reboot', { rebootType: (event.data as { rebootType: string }).rebootType });
      case 'ServerRebuildRequested': {
        const { imageUuid, imageId } = event.data as { imageUuid: string; imageId: string };
        return this.queueIfMine(tx, event, uuid, 'rebuild', { imageUuid, imageId });
      }
      case 'ServerSnapshotRequested': {
        const { imageUuid, name } = event.data as { imageUuid: string; name: string };
        return this.queueIfMine(tx, event, uuid, 'snapshot', { imageUuid, name });
      }
      case 'ServerDeleteRequested':
        return this.queueIfMine(tx, event, uuid, 'delete', {});
      default:
        return;
    }
  }

  /** The stream's first event, which holds everything the guest is made of. */
  private async createRequest(event: RecordedEvent, tx: SqlTx): Promise<ServerCreateRequested['data']> {
    const [first] = await this.o.store.readStream(event.streamName, 1, 1, tx);
    if (first?.type !== 'ServerCreateRequested') throw new Error(`${event.streamName} does not start with ServerCreateRequested`);
    return first.data as ServerCreateRequested['data'];
  }

  private async queueIfMine(tx: SqlTx, event: RecordedEvent, uuid: string, kind: TaskKind, data: Record<string, unknown>): Promise<void> {
    const instance = await this.o.instances.get(tx, uuid);
    if (!instance || instance.agentId !== this.o.agentId || instance.deletedAt !== null) return;
    await this.queue(tx, event, uuid, kind, instance.tenantId, data);
  }

  private async queue(
    tx: SqlTx, event: RecordedEvent, uuid: string, kind: TaskKind, tenantId: string, data: Record<string, unknown>, behaviours: BuildBehaviourPlan | null = null,
  ): Promise<void> {
    const task = await this.o.tasks.insert(tx, {
      taskId: event.eventId, serverUuid: uuid, agentId: this.o.agentId, kind, triggerVersion: event.streamVersion, correlationId: event.metadata.correlationId, tenantId, data,
      behaviours,
    });
    if (task) tx.afterCommit?.(() => this.o.queued(task));
  }
}
