// The instances table (see the migration): each server this agent was given, what its guest is
// made of, and what the hypervisor holds for it (`state`).

import type { SqlDb, SqlTx } from '@app/event-store';

/** What the hypervisor holds: Nova's libvirt domain states, simplified. */
export type GuestState = 'building' | 'running' | 'shutdown' | 'error' | 'deleted';

export interface InstanceRow {
  serverUuid: string;
  serverId: number;
  agentId: string;
  host: string;
  tenantId: string;
  name: string;
  hostname: string;
  imageId: string;
  keyName: string | null;
  personalityPaths: string[];
  userDataBytes: number | null;
  configDrive: boolean;
  reservationId: string | null;
  rebuilds: number;
  state: GuestState;
  deletedAt: string | null;
}

interface Row {
  server_uuid: string;
  server_id: string;
  agent_id: string;
  host: string;
  tenant_id: string;
  name: string;
  hostname: string;
  image_id: string;
  key_name: string | null;
  personality_paths: string[];
  user_data_bytes: number | null;
  config_drive: boolean;
  reservation_id: string | null;
  rebuilds: number;
  state: GuestState;
  deleted_at: Date | null;
}

function toInstance(r: Row): InstanceRow {
  return {
    serverUuid: r.server_uuid, serverId: Number(r.server_id), agentId: r.agent_id, host: r.host, tenantId: r.tenant_id, name: r.name, hostname: r.hostname,
    imageId: r.image_id, keyName: r.key_name, personalityPaths: r.personality_paths, userDataBytes: r.user_data_bytes, configDrive: r.config_drive,
    reservationId: r.reservation_id, rebuilds: r.rebuilds, state: r.state, deletedAt: r.deleted_at ? r.deleted_at.toISOString() : null,
  };
}

export class InstancesRepository {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `"${schema}".instances`;
  }

  /** Records a server given to this agent; false if it was already there. */
  async insert(tx: SqlTx, i: Omit<InstanceRow, 'rebuilds' | 'state' | 'deletedAt'>): Promise<boolean> {
    const { rowCount } = await tx.query(
      `INSERT INTO ${this.table} (server_uuid, server_id, agent_id, host, tenant_id, name, hostname, image_id, key_name, personality_paths,
         user_data_bytes, config_drive, reservation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (server_uuid) DO NOTHING`,
      [i.serverUuid, i.serverId, i.agentId, i.host, i.tenantId, i.name, i.hostname, i.imageId, i.keyName, JSON.stringify(i.personalityPaths),
        i.userDataBytes, i.configDrive, i.reservationId],
    );
    return (rowCount ?? 0) > 0;
  }

  async get(db: SqlDb | SqlTx, serverUuid: string): Promise<InstanceRow | undefined> {
    const { rows } = await db.query<Row>(`SELECT * FROM ${this.table} WHERE server_uuid = $1`, [serverUuid]);
    return rows[0] ? toInstance(rows[0]) : undefined;
  }

  /** A live server of `agentId` by its uuid or by the integer id the API shows. */
  async findLive(db: SqlDb, agentId: string, serverId: string): Promise<InstanceRow | undefined> {
    const byId = /^[0-9]{1,15}$/.test(serverId);
    const { rows } = await db.query<Row>(
      `SELECT * FROM ${this.table} WHERE agent_id = $1 AND deleted_at IS NULL AND ${byId ? 'server_id = $2::bigint' : 'server_uuid = $2'} LIMIT 1`,
      [agentId, serverId],
    );
    return rows[0] ? toInstance(rows[0]) : undefined;
  }

  /** The live servers on a host. */
  async onHost(db: SqlDb, host: string): Promise<InstanceRow[]> {
    const { rows } = await db.query<Row>(`SELECT * FROM ${this.table} WHERE host = $1 AND deleted_at IS NULL ORDER BY server_id`, [host]);
    return rows.map(toInstance);
  }

  async setState(tx: SqlTx, serverUuid: string, state: GuestState): Promise<void> {
    await tx.query(`UPDATE ${this.table} SET state = $2 WHERE server_uuid = $1`, [serverUuid, state]);
  }

  /** A rebuild: a new image and injected files, and a new root disk (new host keys). */
  async rebuilt(tx: SqlTx, serverUuid: string, imageId: string, personalityPaths: string[]): Promise<void> {
    await tx.query(`UPDATE ${this.table} SET image_id = $2, personality_paths = $3, rebuilds = rebuilds + 1, state = 'running' WHERE server_uuid = $1`, [
      serverUuid, imageId, JSON.stringify(personalityPaths),
    ]);
  }

  async deleted(tx: SqlTx, serverUuid: string): Promise<void> {
    await tx.query(`UPDATE ${this.table} SET state = 'deleted', deleted_at = coalesce(deleted_at, now()) WHERE server_uuid = $1`, [serverUuid]);
  }
}
