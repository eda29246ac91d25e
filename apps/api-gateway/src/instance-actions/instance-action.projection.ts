// The instance-actions read model: `instance_actions` and `instance_action_events`, built from
// the server streams by its own durable consumer (eventually consistent, as Nova's own table
// was written after the fact). An action is keyed by the request that caused it (the events'
// correlation id), so the steps other apps write for the same request join it. It reads only
// event data and metadata (never the clock), so replay equals live.

import { type RecordedEvent, idOf } from '@app/contracts';
import { isServerEvent, type ServerEvent } from '@app/domain/server';
import type { Projection, SqlTx } from '@app/event-store';
import { actionEffectOf } from './instance-action-steps';

async function startAction(tx: SqlTx, s: string, uuid: string, requestId: string, action: string, tenantId: string, at: string): Promise<void> {
  // The user who asked is the server's owner (the gateway records only the tenant on later requests).
  await tx.query(
    `INSERT INTO ${s}.instance_actions (server_uuid, request_id, action, tenant_id, user_id, start_time)
     SELECT $1, $2, $3, $4, coalesce((SELECT user_id FROM ${s}.instance_actions WHERE server_uuid = $1 AND action = 'create'), ''), $5
     ON CONFLICT (server_uuid, request_id) DO NOTHING`,
    [uuid, requestId, action, tenantId, at],
  );
}

async function apply(tx: SqlTx, s: string, event: RecordedEvent, serverEvent: ServerEvent): Promise<void> {
  const uuid = idOf(event.streamName);
  const requestId = event.metadata.correlationId;
  const effect = actionEffectOf(serverEvent);
  switch (effect.kind) {
    case 'none':
      return;
    case 'start-action': {
      if (serverEvent.type === 'ServerCreateRequested') {
        const d = serverEvent.data;
        await tx.query(
          `INSERT INTO ${s}.instance_actions (server_uuid, request_id, action, tenant_id, user_id, start_time) VALUES ($1, $2, 'create', $3, $4, $5)
           ON CONFLICT (server_uuid, request_id) DO NOTHING`,
          [uuid, requestId, d.tenantId, d.userId, effect.at],
        );
      } else {
        await startAction(tx, s, uuid, requestId, effect.action, event.metadata.tenantId ?? '', effect.at);
      }
      if (effect.step) await startStep(tx, s, uuid, requestId, effect.step, effect.at);
      return;
    }
    case 'start-step':
      return startStep(tx, s, uuid, requestId, effect.step, effect.at);
    case 'finish-step':
      await startStep(tx, s, uuid, requestId, effect.step, effect.at);
      await tx.query(
        `UPDATE ${s}.instance_action_events SET finish_time = $4, result = $5, traceback = $6 WHERE server_uuid = $1 AND request_id = $2 AND event = $3`,
        [uuid, requestId, effect.step, effect.at, effect.result, effect.message ?? null],
      );
      if (effect.result === 'Error') {
        await tx.query(`UPDATE ${s}.instance_actions SET message = $3 WHERE server_uuid = $1 AND request_id = $2`, [uuid, requestId, effect.message ?? 'Error']);
      }
      return;
  }
}

async function startStep(tx: SqlTx, s: string, uuid: string, requestId: string, step: string, at: string): Promise<void> {
  await tx.query(
    `INSERT INTO ${s}.instance_action_events (server_uuid, request_id, event, start_time) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [uuid, requestId, step, at],
  );
}

export const instanceActionProjection: Projection = {
  name: 'instance-actions',
  tables: ['instance_actions', 'instance_action_events'],
  category: 'server',
  // The events that open or close an action or a step (actionEffectOf answers 'none' for the rest).
  types: [
    'ServerCreateRequested', 'ServerScheduled', 'ServerSchedulingFailed', 'ServerNetworkingStarted', 'ServerBuilt', 'ServerBuildFailed',
    'ServerRebootRequested', 'ServerRebooted', 'ServerRebootFailed', 'ServerRebuildRequested', 'ServerRebuilt', 'ServerRebuildFailed',
    'ServerSnapshotRequested', 'ServerSnapshotCompleted', 'ServerSnapshotFailed', 'ServerDeleteRequested', 'ServerDeleted',
    'ServerPowerStateChanged', 'ServerSecurityGroupAdded', 'ServerSecurityGroupRemoved', 'ServerFloatingIpAdded', 'ServerFloatingIpRemoved', 'ServerUpdated',
  ],
  async apply(tx: SqlTx, schema: string, event: RecordedEvent): Promise<void> {
    if (!isServerEvent(event)) return;
    await apply(tx, `"${schema}"`, event, { type: event.type, data: event.data } as ServerEvent);
  },
};
