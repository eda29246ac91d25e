// The reservations table: one row per reservation and resource. `remaining` is what the row
// still holds: while `reserved`, room counted in quota_usages.reserved; once `committed`,
// usage counted in in_use ahead of the event that will name the reservation. A usage event
// naming the reservation takes its amount from `remaining` (usage-applier.ts). Rows of
// finished reservations stay a while so a late commit or rollback gets a truthful answer.

import type { QuotaDeltas, QuotaResource } from '@app/contracts';
import type { SqlTx } from '@app/event-store';

export type ReservationState = 'reserved' | 'committed' | 'rolled_back' | 'expired';

export interface ReservationRow {
  resource: QuotaResource;
  tenantId: string;
  remaining: number;
  state: ReservationState;
}

/** Finished reservations are deleted after this long (a committed one only once nothing remains). */
export const RESERVATION_RETENTION_HOURS = 24;

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

export class ReservationsRepository {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `"${schema}".reservations`;
  }

  /** Inserts an open reservation expiring `ttlSeconds` from now (the database's clock); returns its expiry. */
  async insert(tx: SqlTx, r: { reservationId: string; tenantId: string; deltas: QuotaDeltas; ttlSeconds: number; correlationId: string }): Promise<string> {
    const entries = Object.entries(r.deltas) as [QuotaResource, number][];
    const { rows } = await tx.query<{ expires_at: string }>(
      `INSERT INTO ${this.table} (reservation_id, resource, tenant_id, delta, remaining, state, expires_at, correlation_id)
       SELECT $1, d.resource, $2, d.amount, d.amount, 'reserved', now() + make_interval(secs => $5), $6
         FROM unnest($3::text[], $4::int[]) AS d(resource, amount)
       RETURNING to_char(expires_at AT TIME ZONE 'UTC', ${ISO}) AS expires_at`,
      [r.reservationId, r.tenantId, entries.map(([resource]) => resource), entries.map(([, amount]) => amount), r.ttlSeconds, r.correlationId],
    );
    return rows[0].expires_at;
  }

  /** Whose reservation this is, read without a lock (to know which usage rows to lock first). */
  async tenantOf(q: SqlTx, reservationId: string): Promise<string | undefined> {
    const { rows } = await q.query<{ tenant_id: string }>(`SELECT tenant_id FROM ${this.table} WHERE reservation_id = $1 LIMIT 1`, [reservationId]);
    return rows[0]?.tenant_id;
  }

  /** Locks the reservation's rows; call it after locking the tenant's usage rows. */
  async lock(tx: SqlTx, reservationId: string): Promise<ReservationRow[]> {
    const { rows } = await tx.query<{ resource: QuotaResource; tenant_id: string; remaining: number; state: ReservationState }>(
      `SELECT resource, tenant_id, remaining, state FROM ${this.table} WHERE reservation_id = $1 ORDER BY resource COLLATE "C" FOR UPDATE`,
      [reservationId],
    );
    return rows.map((r) => ({ resource: r.resource, tenantId: r.tenant_id, remaining: r.remaining, state: r.state }));
  }

  /** Ends a reservation: `releasing` also zeroes what it still holds. */
  async setState(tx: SqlTx, reservationId: string, state: ReservationState, releasing: boolean): Promise<void> {
    await tx.query(`UPDATE ${this.table} SET state = $2${releasing ? ', remaining = 0' : ''} WHERE reservation_id = $1`, [reservationId, state]);
  }

  /** Takes `amount` from one row's remaining (a usage event naming the reservation). */
  async take(tx: SqlTx, reservationId: string, resource: QuotaResource, amount: number): Promise<void> {
    await tx.query(`UPDATE ${this.table} SET remaining = remaining - $3 WHERE reservation_id = $1 AND resource = $2`, [reservationId, resource, amount]);
  }

  /** Open reservations past their expiry, oldest first. */
  async expired(q: SqlTx, limit: number): Promise<{ reservationId: string; tenantId: string }[]> {
    const { rows } = await q.query<{ reservation_id: string; tenant_id: string }>(
      `SELECT reservation_id, min(tenant_id) AS tenant_id FROM ${this.table}
        WHERE state = 'reserved' AND expires_at < now() GROUP BY reservation_id ORDER BY min(expires_at) LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ reservationId: r.reservation_id, tenantId: r.tenant_id }));
  }

  /** Deletes finished reservations older than the retention; a committed one only when nothing of it remains. */
  async purge(q: SqlTx): Promise<number> {
    const { rowCount } = await q.query(
      `DELETE FROM ${this.table} r
        WHERE r.created_at < now() - make_interval(hours => $1) AND r.state <> 'reserved'
          AND NOT EXISTS (SELECT 1 FROM ${this.table} x WHERE x.reservation_id = r.reservation_id AND x.state = 'committed' AND x.remaining > 0)`,
      [RESERVATION_RETENTION_HOURS],
    );
    return rowCount ?? 0;
  }
}
