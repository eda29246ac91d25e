// Checks stored usage against the log: replays every usage event from position 0 to the log's
// head through the pure UsageLedger and compares, per tenant and resource, with quota_usages.
// Exact even while traffic runs: usage rows, reservations and the consumers' record of the
// events they applied are read in one snapshot, and only those events are replayed; events
// in the log the consumers have not applied yet (lag, or parked) are reported as `unapplied`.
// Stored in_use = what holders hold (the log) + usage committed ahead of its event, so that
// part is subtracted before comparing. Also checks `reserved` against open reservations.

import type { QuotaResource } from '@app/contracts';
import { type PostgresEventStore, type SqlDb, StreamOrder } from '@app/event-store';
import { InvalidUsageEventError, usageFactOf } from '@app/domain/quota/usage-facts';
import { UsageLedger } from '@app/domain/quota/usage-ledger';
import { USAGE_CONSUMERS } from './usage-consumers';

export interface UsageDifference {
  tenantId: string;
  resource: QuotaResource;
  /** What the applied usage events say the tenant holds. */
  fromLog: number;
  /** quota_usages.in_use. */
  inUse: number;
  /** Usage committed by a reservation whose event has not come yet (part of inUse). */
  committedAhead: number;
}

export interface ReservedDifference {
  tenantId: string;
  resource: QuotaResource;
  /** quota_usages.reserved. */
  reserved: number;
  /** What open reservations hold. */
  openReservations: number;
}

export interface UsageAuditReport {
  equal: boolean;
  /** The log position the replay reached. */
  position: string;
  eventsRead: number;
  usageEventsApplied: number;
  /** Usage events in the log the consumers have not applied (yet). */
  unapplied: number;
  differences: UsageDifference[];
  reservedDifferences: ReservedDifference[];
  /**
   * Usage committed by reservations and not (yet) matched by an event, per tenant and
   * resource: counted in in_use, not in the log. It lasts if a caller commits and never
   * writes its event (see docs/quota.md).
   */
  committedAhead: { tenantId: string; resource: QuotaResource; amount: number }[];
}

export interface UsageAuditOptions {
  db: SqlDb;
  store: PostgresEventStore;
  schema: string;
  pageSize?: number;
  /** How long to wait for older open transactions to let the log be read to its head (default 30 s). */
  waitMs?: number;
}

type Amounts = Map<string, number>;
const key = (tenantId: string, resource: string) => `${tenantId}\u0000${resource}`;
const unkey = (k: string) => k.split('\u0000') as [string, QuotaResource];

interface Snapshot {
  inUse: Amounts;
  reserved: Amounts;
  committedAhead: Amounts;
  openReservations: Amounts;
  applied: Set<string>;
}

/** Usage, reservations and applied event ids, all as of one moment. */
async function snapshot(o: UsageAuditOptions): Promise<Snapshot> {
  const s = `"${o.schema}"`;
  return o.db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const amounts = async (sql: string): Promise<Amounts> => {
      const { rows } = await tx.query<{ tenant_id: string; resource: string; amount: number }>(sql);
      return new Map(rows.map((r) => [key(r.tenant_id, r.resource), Number(r.amount)]));
    };
    const inUse = await amounts(`SELECT tenant_id, resource, in_use AS amount FROM ${s}.quota_usages`);
    const reserved = await amounts(`SELECT tenant_id, resource, reserved AS amount FROM ${s}.quota_usages`);
    const committedAhead = await amounts(`SELECT tenant_id, resource, sum(remaining) AS amount FROM ${s}.reservations WHERE state = 'committed' GROUP BY 1, 2`);
    const openReservations = await amounts(`SELECT tenant_id, resource, sum(remaining) AS amount FROM ${s}.reservations WHERE state = 'reserved' GROUP BY 1, 2`);
    const { rows } = await tx.query<{ event_id: string }>(`SELECT event_id FROM ${s}.processed_events WHERE consumer = ANY($1)`, [USAGE_CONSUMERS.map((c) => c.name)]);
    return { inUse, reserved, committedAhead, openReservations, applied: new Set(rows.map((r) => r.event_id)) };
  });
}

export async function auditUsage(o: UsageAuditOptions): Promise<UsageAuditReport> {
  // 1. The stored side, as of one moment.
  const stored = await snapshot(o);
  // 2. Replay the log up to its head (everything applied by then is below it).
  const head = BigInt(await o.store.headPosition());
  const deadline = Date.now() + (o.waitMs ?? 30_000);
  const ledger = new UsageLedger();
  let position = '0';
  let eventsRead = 0;
  let usageEventsApplied = 0;
  let unapplied = 0;
  // Each stream in version order, as the usage consumers apply it.
  const order = new StreamOrder();
  while (BigInt(position) < head) {
    const page = await o.store.readAll(position, o.pageSize ?? 5000);
    if (page.length === 0) {
      if (Date.now() > deadline) throw new Error(`usage audit waited too long for the log to reach position ${head}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    for (const event of page.flatMap((read) => order.push(read))) {
      let fact;
      try {
        fact = usageFactOf(event);
      } catch (error) {
        if (!(error instanceof InvalidUsageEventError)) throw error;
        unapplied++; // a consumer parks it: it counts nowhere
        continue;
      }
      if (!fact) continue;
      if (!stored.applied.has(event.eventId)) {
        unapplied++;
        continue;
      }
      ledger.apply(fact);
      usageEventsApplied++;
    }
    eventsRead += page.length;
    position = page[page.length - 1].position;
  }
  // 3. Compare.
  const fromLog: Amounts = new Map();
  for (const [tenantId, resources] of ledger.totals()) for (const [resource, amount] of resources) fromLog.set(key(tenantId, resource), amount);
  const differences: UsageDifference[] = [];
  for (const k of new Set([...fromLog.keys(), ...stored.inUse.keys()])) {
    const [tenantId, resource] = unkey(k);
    const logged = fromLog.get(k) ?? 0;
    const inUse = stored.inUse.get(k) ?? 0;
    const committedAhead = stored.committedAhead.get(k) ?? 0;
    if (logged !== inUse - committedAhead) differences.push({ tenantId, resource, fromLog: logged, inUse, committedAhead });
  }
  const reservedDifferences: ReservedDifference[] = [];
  for (const k of new Set([...stored.reserved.keys(), ...stored.openReservations.keys()])) {
    const [tenantId, resource] = unkey(k);
    const reserved = stored.reserved.get(k) ?? 0;
    const openReservations = stored.openReservations.get(k) ?? 0;
    if (reserved !== openReservations) reservedDifferences.push({ tenantId, resource, reserved, openReservations });
  }
  const committedAhead = [...stored.committedAhead].filter(([, amount]) => amount > 0).map(([k, amount]) => {
    const [tenantId, resource] = unkey(k);
    return { tenantId, resource, amount };
  });
  return {
    equal: differences.length === 0 && reservedDifferences.length === 0,
    position, eventsRead, usageEventsApplied, unapplied, differences, reservedDifferences, committedAhead,
  };
}
