// The SQL over allocated_addresses, every statement on the caller's transaction. Addresses are
// integers here; the handlers turn them into dotted quads for the wire and the events.

import type { SqlTx } from '@app/event-store';
import { FLOATING_POOL_NAME, type FloatingIp } from '@app/contracts';
import { formatIpv4 } from '@app/domain';

export type Pool = 'fixed' | 'floating';

interface FloatingRow {
  floating_ip_id: string;
  address: string;
  tenant_id: string;
  server_id: string | null;
  fixed_address: string | null;
  auto_assigned: boolean;
}

const FLOATING_COLUMNS = 'floating_ip_id, address, tenant_id, server_id, fixed_address, auto_assigned';

function floatingIpOf(row: FloatingRow): FloatingIp {
  return {
    id: Number(row.floating_ip_id),
    ip: formatIpv4(Number(row.address)),
    pool: FLOATING_POOL_NAME,
    tenantId: row.tenant_id,
    fixedIp: row.fixed_address === null ? null : formatIpv4(Number(row.fixed_address)),
    instanceId: row.server_id,
    autoAssigned: row.auto_assigned,
  };
}

export class AllocatedAddressesRepository {
  private readonly table: string;
  private readonly ids: string;

  constructor(schema: string) {
    this.table = `"${schema}".allocated_addresses`;
    this.ids = `"${schema}".floating_ip_ids`;
  }

  /**
   * The lowest address in [from, to] with no row, as committed right now: `from` itself, or
   * the address after an allocated one whose successor is free. Walks the (pool, address)
   * index over the allocated rows of the range, never the whole range.
   */
  async lowestFree(tx: SqlTx, pool: Pool, from: number, to: number): Promise<number | undefined> {
    const { rows } = await tx.query<{ candidate: string }>(
      `SELECT c.candidate FROM (
         SELECT $2::bigint AS candidate
         UNION ALL
         SELECT a.address + 1 FROM ${this.table} a WHERE a.pool = $1 AND a.address >= $2 AND a.address < $3
       ) c
       WHERE NOT EXISTS (SELECT 1 FROM ${this.table} b WHERE b.pool = $1 AND b.address = c.candidate)
       ORDER BY c.candidate LIMIT 1`,
      [pool, from, to],
    );
    return rows.length > 0 ? Number(rows[0].candidate) : undefined;
  }

  /** Takes `address` for a server's fixed IP; false if the address (or the server) already has a row. */
  async insertFixed(tx: SqlTx, address: number, tenantId: string, serverId: string): Promise<boolean> {
    const { rowCount } = await tx.query(
      `INSERT INTO ${this.table} (pool, address, tenant_id, server_id) VALUES ('fixed', $1, $2, $3) ON CONFLICT DO NOTHING`,
      [address, tenantId, serverId],
    );
    return rowCount === 1;
  }

  /** Takes `address` as a new floating IP; undefined if it is taken already. */
  async insertFloating(tx: SqlTx, address: number, tenantId: string, autoAssigned: boolean): Promise<FloatingIp | undefined> {
    const { rows } = await tx.query<FloatingRow>(
      `INSERT INTO ${this.table} (pool, address, tenant_id, floating_ip_id, auto_assigned)
       VALUES ('floating', $1, $2, nextval('${this.ids}'), $3) ON CONFLICT DO NOTHING RETURNING ${FLOATING_COLUMNS}`,
      [address, tenantId, autoAssigned],
    );
    return rows[0] ? floatingIpOf(rows[0]) : undefined;
  }

  /** The server's fixed IP address, if it has one. */
  async fixedOf(tx: SqlTx, serverId: string, tenantId: string): Promise<number | undefined> {
    const { rows } = await tx.query<{ address: string }>(
      `SELECT address FROM ${this.table} WHERE pool = 'fixed' AND server_id = $1 AND tenant_id = $2 FOR UPDATE`,
      [serverId, tenantId],
    );
    return rows[0] ? Number(rows[0].address) : undefined;
  }

  async deleteFixed(tx: SqlTx, address: number): Promise<void> {
    await tx.query(`DELETE FROM ${this.table} WHERE pool = 'fixed' AND address = $1`, [address]);
  }

  /** The tenant's floating IP by id or by address, locked for a change when `forUpdate`. */
  async floatingIp(tx: SqlTx, tenantId: string, by: { id: number } | { address: number }, forUpdate = false): Promise<FloatingIp | undefined> {
    const [column, value] = 'id' in by ? ['floating_ip_id', by.id] : ['address', by.address];
    const { rows } = await tx.query<FloatingRow>(
      `SELECT ${FLOATING_COLUMNS} FROM ${this.table} WHERE pool = 'floating' AND tenant_id = $1 AND ${column} = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [tenantId, value],
    );
    return rows[0] ? floatingIpOf(rows[0]) : undefined;
  }

  async floatingIpsOf(tx: SqlTx, tenantId: string): Promise<FloatingIp[]> {
    const { rows } = await tx.query<FloatingRow>(
      `SELECT ${FLOATING_COLUMNS} FROM ${this.table} WHERE pool = 'floating' AND tenant_id = $1 ORDER BY floating_ip_id`,
      [tenantId],
    );
    return rows.map(floatingIpOf);
  }

  /** The floating IPs associated with a server, locked for the release. */
  async floatingIpsOfServer(tx: SqlTx, serverId: string, tenantId: string): Promise<FloatingIp[]> {
    const { rows } = await tx.query<FloatingRow>(
      `SELECT ${FLOATING_COLUMNS} FROM ${this.table} WHERE pool = 'floating' AND server_id = $1 AND tenant_id = $2 ORDER BY floating_ip_id FOR UPDATE`,
      [serverId, tenantId],
    );
    return rows.map(floatingIpOf);
  }

  /** Maps the floating IP to a server's fixed address, or (both null) unmaps it. */
  async setAssociation(tx: SqlTx, id: number, serverId: string | null, fixedAddress: number | null): Promise<void> {
    await tx.query(`UPDATE ${this.table} SET server_id = $2, fixed_address = $3 WHERE floating_ip_id = $1`, [id, serverId, fixedAddress]);
  }

  async deleteFloating(tx: SqlTx, id: number): Promise<void> {
    await tx.query(`DELETE FROM ${this.table} WHERE floating_ip_id = $1`, [id]);
  }
}
