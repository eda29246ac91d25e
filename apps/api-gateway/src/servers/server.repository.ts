// Reads the servers read model for a tenant, never another tenant's servers. One server by its
// integer id or UUID (a DELETED one is gone: 404 for everyone, where Nova shows it to admins),
// and filtered pages newest first (created desc, then id desc), with DELETED servers only in
// a changes-since listing, as Nova's _get_servers sets deleted=False without it.

import { Inject, Injectable } from '@nestjs/common';
import type { ServerFault, ServerMetadata, TaskState, VmState } from '@app/domain/server';
import type { SqlDb } from '@app/event-store';
import { APP_DB, PlatformConfig } from '@app/platform';
import { Faults } from '../http/faults';
import { idOrUuid, markerNotFound } from '../http/pagination';
import type { ServerQuery } from './server-query';
import type { ServerRecord } from './server-record';

/** A row of the servers table as stored (also read by the chaos runner's invariant checks). */
export interface ServerRow {
  uuid: string;
  id: string;
  tenant_id: string;
  user_id: string;
  name: string;
  vm_state: VmState;
  task_state: TaskState | null;
  power_state: number;
  progress: number;
  image_uuid: string;
  image_id: string;
  flavor_id: string;
  host: string | null;
  agent_id: string | null;
  availability_zone: string | null;
  fixed_ip: string | null;
  auto_floating_ip: string | null;
  added_floating_ips: string[];
  security_groups: string[];
  key_name: string | null;
  config_drive: boolean;
  access_ipv4: string;
  access_ipv6: string;
  multi_create_id: string;
  fault: ServerFault | null;
  created_at: Date;
  updated_at: Date;
  launched_at: Date | null;
  deleted_at: Date | null;
}

/**
 * Postgres' invalid_regular_expression: a `name` filter that is no regular expression. The
 * filter is matched from the start of the name, case-sensitive, like the re.match of Nova's
 * regexp filter on display_name (nova/db/sqlalchemy/api.py instance_get_all_by_filters).
 */
const INVALID_REGEX = '2201B';

@Injectable()
export class ServerRepository {
  private readonly s: string;

  constructor(
    @Inject(APP_DB) private readonly db: SqlDb,
    platform: PlatformConfig,
  ) {
    this.s = `"${platform.appSchema}"`;
  }

  /** The server `ref` (its integer id or UUID) if it is the tenant's and not deleted. */
  async find(tenantId: string, ref: string): Promise<ServerRecord | undefined> {
    const row = await this.findRow(tenantId, ref, false);
    return row && (await this.withMetadata([row]))[0];
  }

  async list(tenantId: string, q: ServerQuery): Promise<ServerRecord[]> {
    let after: ServerRow | undefined;
    if (q.page.marker !== undefined) {
      after = await this.findRow(tenantId, q.page.marker, true);
      if (!after) throw markerNotFound(q.page.marker);
    }
    try {
      const { rows } = await this.db.query<ServerRow>(
        `SELECT * FROM ${this.s}.servers
          WHERE tenant_id = $1
            AND ($2::text IS NULL OR image_id = $2 OR image_uuid = lower($2))
            AND ($3::text IS NULL OR flavor_id = $3)
            AND ($4::text IS NULL OR name ~ ('^(?:' || $4 || ')'))
            AND ($5::text IS NULL OR vm_state = $5)
            AND ($6::text IS NULL OR task_state = $6)
            AND (CASE WHEN $7::timestamptz IS NULL THEN vm_state <> 'DELETED' ELSE updated_at >= $7 END)
            AND ($8::timestamptz IS NULL OR (created_at, id) < ($8, $9::bigint))
          ORDER BY created_at DESC, id DESC
          LIMIT $10`,
        [
          tenantId, q.image ?? null, q.flavor ?? null, q.name ?? null, q.status?.vmState ?? null, q.status?.taskState ?? null, q.changesSince ?? null,
          after?.created_at ?? null, after?.id ?? null, q.page.limit,
        ],
      );
      return await this.withMetadata(rows);
    } catch (error) {
      if ((error as { code?: string }).code === INVALID_REGEX) {
        throw Faults.badRequest(`Invalid name filter [${q.name}]: not a regular expression (${(error as Error).message})`);
      }
      throw error;
    }
  }

  private async findRow(tenantId: string, ref: string, includeDeleted: boolean): Promise<ServerRow | undefined> {
    const key = idOrUuid(ref);
    if (!key) return undefined;
    const [column, value] = 'id' in key ? ['id', key.id] : ['uuid', key.uuid];
    const { rows } = await this.db.query<ServerRow>(
      `SELECT * FROM ${this.s}.servers WHERE ${column} = $2 AND tenant_id = $1 ${includeDeleted ? '' : "AND vm_state <> 'DELETED'"}`,
      [tenantId, value],
    );
    return rows[0];
  }

  private async withMetadata(rows: ServerRow[]): Promise<ServerRecord[]> {
    if (rows.length === 0) return [];
    const { rows: items } = await this.db.query<{ server_uuid: string; key: string; value: string }>(
      `SELECT server_uuid, key, value FROM ${this.s}.server_metadata WHERE server_uuid = ANY($1::uuid[]) ORDER BY server_uuid, key`,
      [rows.map((r) => r.uuid)],
    );
    const metadata = new Map<string, ServerMetadata>(rows.map((r) => [r.uuid, {}]));
    for (const item of items) metadata.get(item.server_uuid)![item.key] = item.value;
    return rows.map((r) => toRecord(r, metadata.get(r.uuid)!));
  }
}

function toRecord(r: ServerRow, metadata: ServerMetadata): ServerRecord {
  return {
    uuid: r.uuid,
    id: Number(r.id),
    tenantId: r.tenant_id,
    userId: r.user_id,
    name: r.name,
    vmState: r.vm_state,
    taskState: r.task_state,
    powerState: r.power_state,
    progress: r.progress,
    imageUuid: r.image_uuid,
    imageId: r.image_id,
    flavorId: r.flavor_id,
    host: r.host,
    availabilityZone: r.availability_zone,
    fixedIp: r.fixed_ip,
    autoFloatingIp: r.auto_floating_ip,
    addedFloatingIps: r.added_floating_ips,
    securityGroups: r.security_groups,
    keyName: r.key_name,
    configDrive: r.config_drive,
    accessIPv4: r.access_ipv4,
    accessIPv6: r.access_ipv6,
    multiCreateId: r.multi_create_id,
    fault: r.fault,
    metadata,
    created: r.created_at,
    updated: r.updated_at,
    launched: r.launched_at,
    deleted: r.deleted_at,
  };
}
