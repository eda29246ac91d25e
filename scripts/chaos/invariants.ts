// The invariant checker: given a settled stack's database (and, from a load report, the
// creates the API accepted), checks the invariants of ../shared/DESIGN.md one by one and
// reports each by name, every violation naming the server, address, host, tenant,
// reservation or consumer at fault. The checks are in invariants/*.ts; npm run invariants
// (invariants-cli.ts) and the chaos runner (run-chaos.ts) call `checkInvariants`.

import { Pool } from 'pg';
import { PgPoolDb, PostgresEventStore } from '@app/event-store';
import { replayAll } from '../replay/replay-all';
import { checkAddresses } from './invariants/check-addresses';
import { checkConsumers, checkParked, checkRelay, checkReplay, type NatsTarget } from './invariants/check-events';
import { type AllocationRatios, checkHosts, DEFAULT_RATIOS } from './invariants/check-hosts';
import { checkHoldings, checkReservations, checkUsageAudit } from './invariants/check-quota';
import { type AcceptedCreate, checkAcceptedCreates, checkComputeTasks, checkRowsEqualFolds, checkSettled, checkSnapshots, loadServerRows } from './invariants/check-servers';
import type { StackSchemas } from './invariants/schemas';
import { loadServerRecords } from './invariants/server-records';
import type { InvariantReport, InvariantResult } from './invariants/types';

export type { AcceptedCreate } from './invariants/check-servers';
export type { InvariantName, InvariantReport, InvariantResult, Violation } from './invariants/types';
export { stackSchemasFrom, type StackSchemas } from './invariants/schemas';
export { ratiosFrom, type AllocationRatios } from './invariants/check-hosts';

export interface InvariantOptions {
  databaseUrl: string;
  schemas: StackSchemas;
  /** The creates the API accepted (a load report's servers with accepted = true); the check is skipped without it. */
  acceptedCreates?: readonly AcceptedCreate[];
  ratios?: AllocationRatios;
  /** The stack's NATS and namespace, to check the durable consumers' lag; skipped without it. */
  nats?: NatsTarget;
}

export async function checkInvariants(o: InvariantOptions): Promise<InvariantReport> {
  const started = performance.now();
  const pool = new Pool({ connectionString: o.databaseUrl, max: 4 });
  const db = new PgPoolDb(pool);
  const store = new PostgresEventStore(db, { schema: o.schemas.eventStore });
  try {
    const records = await loadServerRecords(store);
    const rows = await loadServerRows(pool, o.schemas);
    const replay = await replayAll({ pool, db, store, schemas: { gateway: o.schemas.gateway, quota: o.schemas.quota } });
    const results: InvariantResult[] = [
      // 1. Every accepted create ends ACTIVE or ERROR with a fault; nothing stuck.
      checkAcceptedCreates(records, o.acceptedCreates),
      ...checkSettled(records, rows),
      await checkComputeTasks(pool, o.schemas),
      await checkSnapshots(pool, o.schemas),
      // 2. No event lost or applied twice.
      checkReplay(replay),
      checkRowsEqualFolds(records, rows),
      await checkParked(pool, o.schemas),
      await checkRelay(pool, store, o.schemas),
      await checkConsumers(o.nats),
      // 3. No address held twice, no host over-committed.
      ...(await checkAddresses(pool, o.schemas, records)),
      ...(await checkHosts(pool, o.schemas, records, o.ratios ?? DEFAULT_RATIOS)),
      // 4. Quota usage equals what each tenant holds; no reservation left open.
      checkUsageAudit(replay.usage),
      await checkHoldings(pool, o.schemas, records),
      await checkReservations(pool, o.schemas),
    ];
    const servers: Record<string, number> = {};
    for (const record of records.values()) servers[String(record.state.vmState)] = (servers[String(record.state.vmState)] ?? 0) + 1;
    const violations = results.flatMap((r) => r.violations);
    return { ok: violations.length === 0, checkedAt: new Date().toISOString(), seconds: (performance.now() - started) / 1000, servers, results, violations };
  } finally {
    await pool.end();
  }
}

/** The accepted creates of a load report (`servers`) or of a chaos report (`load.servers`). */
export function acceptedCreatesOf(report: unknown): AcceptedCreate[] {
  const r = report as { servers?: unknown; load?: { servers?: unknown } };
  const servers = (r.servers ?? r.load?.servers) as { uuid: string | null; tenantId: string; accepted: boolean }[] | undefined;
  if (!Array.isArray(servers)) throw new Error('the load report has no servers list');
  return servers.filter((s) => s.accepted).map((s) => ({ uuid: s.uuid, tenantId: s.tenantId }));
}

/** The report as lines: one per invariant (PASS, FAIL or SKIP), then up to `limit` violations of each. */
export function formatInvariantReport(report: InvariantReport, limit = 20): string[] {
  const servers = Object.entries(report.servers).map(([state, n]) => `${n} ${state}`).join(', ') || 'none';
  const lines = [`invariants (${report.seconds.toFixed(1)} s; servers in the log: ${servers})`];
  for (const r of report.results) {
    const verdict = r.skipped ? 'SKIP' : r.violations.length === 0 ? 'PASS' : 'FAIL';
    lines.push(`  ${verdict} ${r.name.padEnd(28)} ${r.skipped ? r.skipped : `${r.checked} checked, ${r.violations.length} violation(s)`}`);
    for (const v of r.violations.slice(0, limit)) lines.push(`       ${v.subject}: ${v.message}`);
    if (r.violations.length > limit) lines.push(`       ... and ${r.violations.length - limit} more (see --out-json)`);
  }
  lines.push(report.ok ? 'invariants: every invariant holds' : `invariants: ${report.violations.length} violation(s)`);
  return lines;
}
