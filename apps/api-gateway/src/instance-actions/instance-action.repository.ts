// Reads the instance-actions read model of one server: its actions newest first, and one
// action by request id with its steps.

import { Inject, Injectable } from '@nestjs/common';
import type { SqlDb } from '@app/event-store';
import { APP_DB, PlatformConfig } from '@app/platform';

export interface InstanceActionStep {
  event: string;
  startTime: Date;
  finishTime: Date | null;
  result: string | null;
  traceback: string | null;
}

export interface InstanceAction {
  serverUuid: string;
  requestId: string;
  action: string;
  tenantId: string;
  userId: string;
  startTime: Date;
  message: string | null;
  events?: InstanceActionStep[];
}

interface ActionRow {
  server_uuid: string;
  request_id: string;
  action: string;
  tenant_id: string;
  user_id: string;
  start_time: Date;
  message: string | null;
}

const toAction = (r: ActionRow): InstanceAction => ({
  serverUuid: r.server_uuid,
  requestId: r.request_id,
  action: r.action,
  tenantId: r.tenant_id,
  userId: r.user_id,
  startTime: r.start_time,
  message: r.message,
});

@Injectable()
export class InstanceActionRepository {
  private readonly s: string;

  constructor(
    @Inject(APP_DB) private readonly db: SqlDb,
    platform: PlatformConfig,
  ) {
    this.s = `"${platform.appSchema}"`;
  }

  async list(serverUuid: string): Promise<InstanceAction[]> {
    const { rows } = await this.db.query<ActionRow>(`SELECT * FROM ${this.s}.instance_actions WHERE server_uuid = $1 ORDER BY start_time DESC, request_id DESC`, [serverUuid]);
    return rows.map(toAction);
  }

  async find(serverUuid: string, requestId: string): Promise<InstanceAction | undefined> {
    const { rows } = await this.db.query<ActionRow>(`SELECT * FROM ${this.s}.instance_actions WHERE server_uuid = $1 AND request_id = $2`, [serverUuid, requestId]);
    if (rows.length === 0) return undefined;
    const { rows: steps } = await this.db.query<{ event: string; start_time: Date; finish_time: Date | null; result: string | null; traceback: string | null }>(
      `SELECT event, start_time, finish_time, result, traceback FROM ${this.s}.instance_action_events WHERE server_uuid = $1 AND request_id = $2 ORDER BY start_time, event`,
      [serverUuid, requestId],
    );
    return {
      ...toAction(rows[0]),
      events: steps.map((e) => ({ event: e.event, startTime: e.start_time, finishTime: e.finish_time, result: e.result, traceback: e.traceback })),
    };
  }
}
