// The claims table: which server holds how much of which host, from the moment the scheduler
// chose the host until the server's build fails or it is deleted. A host's used_* columns are
// the sum of its claims (the race test checks it). Nova: placement's allocations.

import type { SqlTx } from '@app/event-store';

export interface Claim {
  serverUuid: string;
  host: string;
  vcpus: number;
  ramMb: number;
  diskGb: number;
}

interface ClaimRow {
  server_uuid: string;
  host: string;
  vcpus: number;
  ram_mb: number;
  disk_gb: number;
}

const claimOf = (r: ClaimRow): Claim => ({ serverUuid: r.server_uuid, host: r.host, vcpus: r.vcpus, ramMb: r.ram_mb, diskGb: r.disk_gb });

type Query = Pick<SqlTx, 'query'>;

export class ClaimsRepository {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `"${schema}".claims`;
  }

  async find(db: Query, serverUuid: string): Promise<Claim | null> {
    const { rows } = await db.query<ClaimRow>(`SELECT server_uuid, host, vcpus, ram_mb, disk_gb FROM ${this.table} WHERE server_uuid = $1`, [serverUuid]);
    return rows[0] ? claimOf(rows[0]) : null;
  }

  /** Records the claim; false when the server already holds one (nothing written). */
  async insert(tx: Query, claim: Claim): Promise<boolean> {
    const { rowCount } = await tx.query(
      `INSERT INTO ${this.table} (server_uuid, host, vcpus, ram_mb, disk_gb) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (server_uuid) DO NOTHING`,
      [claim.serverUuid, claim.host, claim.vcpus, claim.ramMb, claim.diskGb],
    );
    return rowCount === 1;
  }

  /** Removes the server's claim and returns it; null when it holds none (released already, or never claimed). */
  async delete(tx: Query, serverUuid: string): Promise<Claim | null> {
    const { rows } = await tx.query<ClaimRow>(`DELETE FROM ${this.table} WHERE server_uuid = $1 RETURNING server_uuid, host, vcpus, ram_mb, disk_gb`, [serverUuid]);
    return rows[0] ? claimOf(rows[0]) : null;
  }
}
