// Reserve, commit, roll back and expire, each one transaction that first locks the tenant's
// usage rows in a fixed order (quota-usages.repository.ts), so usage cannot pass a limit
// however many replicas race. Nova: nova/quota.py QuotaEngine.reserve/commit/rollback/expire
// over nova/db/sqlalchemy/api.py quota_reserve, reservation_commit, reservation_rollback.

import { randomUUID } from 'node:crypto';
import {
  type CountFitAnswer, type CountFitRequest, type ReservationRequest, ReservationNotFoundError, type ReserveAnswer, type ReserveRequest,
} from '@app/contracts';
import type { SqlDb, SqlTx } from '@app/event-store';
import { checkReservation, reservationDeltas } from '@app/domain/quota/quota-check';
import { countFit } from '@app/domain/quota/count-fit';
import type { EffectiveLimitsReader } from '../limits/effective-limits.reader';
import type { QuotaUsagesRepository, UsageChange } from './quota-usages.repository';
import type { ReservationRow, ReservationsRepository } from './reservations.repository';

export class ReservationHandler {
  constructor(
    private readonly db: SqlDb,
    private readonly limits: EffectiveLimitsReader,
    private readonly usages: QuotaUsagesRepository,
    private readonly reservations: ReservationsRepository,
    private readonly ttlSeconds: number,
  ) {}

  async reserve(request: ReserveRequest): Promise<ReserveAnswer> {
    // 1. Check what is asked (throws InvalidQuotaRequestError).
    const deltas = reservationDeltas(request.deltas);
    return this.db.transaction(async (tx) => {
      // 2. Lock the tenant's usage rows, then read its limits.
      const usage = await this.usages.lock(tx, request.tenantId);
      const limits = await this.limits.limitsOf(tx, request.tenantId);
      // 3. Decide (throws QuotaExceededError).
      checkReservation(limits, usage, deltas);
      // 4. Record the reservation and hold its room, in the same transaction.
      const reservationId = randomUUID();
      const expiresAt = await this.reservations.insert(tx, { reservationId, tenantId: request.tenantId, deltas, ttlSeconds: this.ttlSeconds, correlationId: request.correlationId });
      const change: UsageChange = {};
      for (const [resource, amount] of Object.entries(deltas)) change[resource as keyof UsageChange] = { inUse: 0, reserved: amount };
      await this.usages.add(tx, request.tenantId, change);
      // 5. Answer.
      return { reservationId, expiresAt };
    });
  }

  /** Moves what the reservation still holds into usage; a second commit is a no-op. */
  async commit({ reservationId }: ReservationRequest): Promise<void> {
    await this.settle(reservationId, async (tx, tenantId, rows) => {
      const state = rows[0].state;
      if (state === 'committed') return;
      if (state !== 'reserved') throw new ReservationNotFoundError(reservationId);
      await this.usages.add(tx, tenantId, changeOf(rows, (remaining) => ({ inUse: remaining, reserved: -remaining })));
      // What remains is now usage counted ahead of the event that will name this reservation.
      await this.reservations.setState(tx, reservationId, 'committed', false);
    });
  }

  /** Releases what the reservation holds; rolling back a released one again is a no-op. */
  async rollback({ reservationId }: ReservationRequest): Promise<void> {
    await this.settle(reservationId, async (tx, tenantId, rows) => {
      const state = rows[0].state;
      if (state === 'rolled_back' || state === 'expired') return;
      if (state !== 'reserved') throw new ReservationNotFoundError(reservationId);
      await this.release(tx, tenantId, reservationId, rows, 'rolled_back');
    });
  }

  /** Releases an open reservation past its expiry; false if it was settled meanwhile (another replica's sweep). */
  async expire(reservationId: string): Promise<boolean> {
    let expired = false;
    await this.settle(reservationId, async (tx, tenantId, rows) => {
      if (rows[0].state !== 'reserved') return;
      await this.release(tx, tenantId, reservationId, rows, 'expired');
      expired = true;
    }).catch((error: unknown) => {
      if (!(error instanceof ReservationNotFoundError)) throw error;
    });
    return expired;
  }

  /** How many instances of a flavor fit now; reserves nothing. */
  async countFit(request: CountFitRequest): Promise<CountFitAnswer> {
    const [limits, usage] = await Promise.all([this.limits.limitsOf(this.db, request.tenantId), this.usages.read(this.db, request.tenantId)]);
    return countFit(limits, usage, request.perInstance, request.maxCount);
  }

  /**
   * 1 find the tenant, 2 lock its usage rows, 3 lock the reservation's rows, 4 act on them.
   * Fast path first: a reservation whose room the resources' events have already taken
   * (remaining 0 everywhere, the usual case by the time a build commits or fails) changes no
   * usage, so it is settled holding its own rows only, without queueing behind every other
   * reserve of the tenant. `remaining` only ever falls, so a 0 seen under the lock stays 0.
   */
  private async settle(reservationId: string, act: (tx: SqlTx, tenantId: string, rows: ReservationRow[]) => Promise<void>): Promise<void> {
    const tenantId = await this.reservations.tenantOf(this.db, reservationId);
    if (tenantId === undefined) throw new ReservationNotFoundError(reservationId);
    const settledAlone = await this.db.transaction(async (tx) => {
      const rows = await this.reservations.lock(tx, reservationId);
      if (rows.length === 0) throw new ReservationNotFoundError(reservationId);
      if (rows.some((r) => r.remaining > 0)) return false;
      await act(tx, tenantId, rows);
      return true;
    });
    if (settledAlone) return;
    await this.db.transaction(async (tx) => {
      await this.usages.lock(tx, tenantId);
      const rows = await this.reservations.lock(tx, reservationId);
      if (rows.length === 0) throw new ReservationNotFoundError(reservationId);
      await act(tx, tenantId, rows);
    });
  }

  private async release(tx: SqlTx, tenantId: string, reservationId: string, rows: ReservationRow[], state: 'rolled_back' | 'expired'): Promise<void> {
    await this.usages.add(tx, tenantId, changeOf(rows, (remaining) => ({ inUse: 0, reserved: -remaining })));
    await this.reservations.setState(tx, reservationId, state, true);
  }
}

function changeOf(rows: ReservationRow[], per: (remaining: number) => { inUse: number; reserved: number }): UsageChange {
  const change: UsageChange = {};
  for (const row of rows) if (row.remaining > 0) change[row.resource] = per(row.remaining);
  return change;
}
