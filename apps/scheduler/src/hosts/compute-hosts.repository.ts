// The compute_hosts table: one row per host with its capacity (from ComputeHostRegistered), its
// reported state and enabled flag, and what the claims on it use. The conditional UPDATE in
// `consume` is what keeps a host from being over-committed: it only adds a claim's resources
// while they fit under the ratios, atomically, whatever other transactions or replicas do.
// Nova: the compute_nodes table and placement's allocation check.

import type { ComputeHostRegistered } from '@app/contracts';
import type { SqlTx } from '@app/event-store';
import type { AllocationRatios } from '../config/scheduler-config';
import type { RequestSpec } from './host-state';

export interface ComputeHostRow {
  host: string;
  agent_id: string;
  availability_zone: string;
  vcpus: number;
  ram_mb: number;
  disk_gb: number;
  up: boolean;
  enabled: boolean;
  used_vcpus: number;
  used_ram_mb: number;
  used_disk_gb: number;
  instances: number;
}

type Query = Pick<SqlTx, 'query'>;

const COLUMNS = 'host, agent_id, availability_zone, vcpus, ram_mb, disk_gb, up, enabled, used_vcpus, used_ram_mb, used_disk_gb, instances';

export class ComputeHostsRepository {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `"${schema}".compute_hosts`;
  }

  /** A new host, or new capacity for a known one (its usage, state and flag stay). */
  async register(tx: Query, data: ComputeHostRegistered['data']): Promise<ComputeHostRow> {
    const { rows } = await tx.query<ComputeHostRow>(
      `INSERT INTO ${this.table} (host, agent_id, availability_zone, vcpus, ram_mb, disk_gb) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (host) DO UPDATE SET agent_id = excluded.agent_id, availability_zone = excluded.availability_zone,
         vcpus = excluded.vcpus, ram_mb = excluded.ram_mb, disk_gb = excluded.disk_gb, updated_at = now()
       RETURNING ${COLUMNS}`,
      [data.host, data.agentId, data.availabilityZone, data.vcpus, data.ramMb, data.diskGb],
    );
    return rows[0];
  }

  /** Sets `up` or `enabled`; null when the host is unknown. */
  async setFlag(tx: Query, host: string, flag: 'up' | 'enabled', value: boolean): Promise<ComputeHostRow | null> {
    const { rows } = await tx.query<ComputeHostRow>(`UPDATE ${this.table} SET ${flag} = $2, updated_at = now() WHERE host = $1 RETURNING ${COLUMNS}`, [host, value]);
    return rows[0] ?? null;
  }

  async all(db: Query): Promise<ComputeHostRow[]> {
    return (await db.query<ComputeHostRow>(`SELECT ${COLUMNS} FROM ${this.table}`)).rows;
  }

  async find(db: Query, host: string): Promise<ComputeHostRow | null> {
    return (await db.query<ComputeHostRow>(`SELECT ${COLUMNS} FROM ${this.table} WHERE host = $1`, [host])).rows[0] ?? null;
  }

  /**
   * Adds one server's resources to the host if it is up, enabled, and they fit under the
   * ratios; the host's new row, or null (nothing changed) when they do not fit. Waits for a
   * concurrent claim on the same host to finish, then decides on the row it left.
   */
  async consume(tx: Query, host: string, spec: RequestSpec, ratios: AllocationRatios): Promise<ComputeHostRow | null> {
    const { rows } = await tx.query<ComputeHostRow>(
      `UPDATE ${this.table}
          SET used_vcpus = used_vcpus + $2, used_ram_mb = used_ram_mb + $3, used_disk_gb = used_disk_gb + $4, instances = instances + 1, updated_at = now()
        WHERE host = $1 AND up AND enabled
          AND used_ram_mb + $3 <= ram_mb * $5::float8
          AND used_vcpus + $2 <= vcpus * $6::float8
          AND used_disk_gb + $4 <= disk_gb * $7::float8
        RETURNING ${COLUMNS}`,
      [host, spec.vcpus, spec.ramMb, spec.diskGb, ratios.ram, ratios.cpu, ratios.disk],
    );
    return rows[0] ?? null;
  }

  /** Gives back what one claim used; the host's new row. */
  async giveBack(tx: Query, host: string, claim: { vcpus: number; ramMb: number; diskGb: number }): Promise<ComputeHostRow | null> {
    const { rows } = await tx.query<ComputeHostRow>(
      `UPDATE ${this.table}
          SET used_vcpus = used_vcpus - $2, used_ram_mb = used_ram_mb - $3, used_disk_gb = used_disk_gb - $4, instances = instances - 1, updated_at = now()
        WHERE host = $1
        RETURNING ${COLUMNS}`,
      [host, claim.vcpus, claim.ramMb, claim.diskGb],
    );
    return rows[0] ?? null;
  }
}
