// The hosts table (see the migration): the agent's hosts as registered, and whether each is up.

import type { SqlDb, SqlTx } from '@app/event-store';
import type { HostSpec } from './host-names';

export interface HostRow extends HostSpec {
  up: boolean;
}

export class HostsRepository {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `"${schema}".hosts`;
  }

  async list(db: SqlDb | SqlTx, agentId: string): Promise<HostRow[]> {
    const { rows } = await db.query<{ name: string; availability_zone: string; vcpus: number; ram_mb: number; disk_gb: number; up: boolean }>(
      `SELECT name, availability_zone, vcpus, ram_mb, disk_gb, up FROM ${this.table} WHERE agent_id = $1`,
      [agentId],
    );
    return rows.map((r) => ({ name: r.name, availabilityZone: r.availability_zone, vcpus: r.vcpus, ramMb: r.ram_mb, diskGb: r.disk_gb, up: r.up }));
  }

  /** Inserts new hosts and updates changed ones; returns the names of those (to register them). */
  async upsert(tx: SqlTx, agentId: string, hosts: readonly HostSpec[]): Promise<string[]> {
    const { rows } = await tx.query<{ name: string }>(
      `INSERT INTO ${this.table} AS h (name, agent_id, availability_zone, vcpus, ram_mb, disk_gb)
       SELECT n, $1, z, v, r, d FROM unnest($2::text[], $3::text[], $4::int[], $5::int[], $6::int[]) AS i(n, z, v, r, d)
       ON CONFLICT (name) DO UPDATE SET availability_zone = excluded.availability_zone, vcpus = excluded.vcpus, ram_mb = excluded.ram_mb,
         disk_gb = excluded.disk_gb, agent_id = excluded.agent_id, registered_at = now()
       WHERE (h.availability_zone, h.vcpus, h.ram_mb, h.disk_gb, h.agent_id)
             IS DISTINCT FROM (excluded.availability_zone, excluded.vcpus, excluded.ram_mb, excluded.disk_gb, excluded.agent_id)
       RETURNING name`,
      [agentId, hosts.map((h) => h.name), hosts.map((h) => h.availabilityZone), hosts.map((h) => h.vcpus), hosts.map((h) => h.ramMb), hosts.map((h) => h.diskGb)],
    );
    return rows.map((r) => r.name);
  }

  /** Sets the up flag; true if it changed (false when the host already was so). */
  async setUp(tx: SqlTx, name: string, up: boolean, reason: string): Promise<boolean> {
    const { rowCount } = await tx.query(`UPDATE ${this.table} SET up = $2, reason = $3, changed_at = now() WHERE name = $1 AND up <> $2`, [name, up, reason]);
    return (rowCount ?? 0) > 0;
  }
}
