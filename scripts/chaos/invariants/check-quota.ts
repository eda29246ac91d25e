// Invariant 4 of ../shared/DESIGN.md, "quota usage always equals what the tenant really
// holds", and "no reservation left open". Three views must agree: quota.quota_usages; the
// usage events in the log (the quota app's own audit, auditUsage, run by replayAll); and what
// each tenant holds right now (live servers in the log, addresses in network.allocated_addresses,
// live security groups and their rules). Once the stack is settled no reservation is open.

import type { Pool } from 'pg';
import type { UsageAuditReport } from '../../../apps/quota/src/usage/usage-audit';
import { q, type StackSchemas } from './schemas';
import { isLive, type ServerRecord } from './server-records';
import { type InvariantResult, type Violation, result, violation } from './types';

export function checkUsageAudit(audit: UsageAuditReport | undefined): InvariantResult {
  const description = '4: quota_usages equal the usage events in the log, every one applied (the quota app\'s auditUsage)';
  if (!audit) return result('quota-usage-equals-log', description, 0, [], 'no quota schema');
  const violations: Violation[] = [
    ...audit.differences.map((d) =>
      violation('quota-usage-equals-log', `tenant ${d.tenantId}`, `${d.resource}: the log says ${d.fromLog}, quota_usages.in_use is ${d.inUse}${d.committedAhead ? ` (${d.committedAhead} committed ahead)` : ''}`),
    ),
    ...audit.reservedDifferences.map((d) =>
      violation('quota-usage-equals-log', `tenant ${d.tenantId}`, `${d.resource}: quota_usages.reserved is ${d.reserved}, open reservations hold ${d.openReservations}`),
    ),
    ...(audit.unapplied > 0 ? [violation('quota-usage-equals-log', 'quota usage consumers', `${audit.unapplied} usage event(s) in the log not applied (lagging or parked)`)] : []),
  ];
  return result('quota-usage-equals-log', description, audit.usageEventsApplied, violations);
}

type Holdings = Map<string, Map<string, number>>;

function add(holdings: Holdings, tenantId: string, resource: string, amount: number): void {
  const tenant = holdings.get(tenantId) ?? new Map<string, number>();
  tenant.set(resource, (tenant.get(resource) ?? 0) + amount);
  holdings.set(tenantId, tenant);
}

/** What each tenant holds now: instances, cores and RAM of its live servers, its floating IPs, groups and rules. */
async function holdingsOf(pool: Pool, schemas: StackSchemas, records: Map<string, ServerRecord>): Promise<Holdings> {
  const holdings: Holdings = new Map();
  for (const record of records.values()) {
    if (!isLive(record)) continue;
    add(holdings, record.state.tenantId, 'instances', 1);
    add(holdings, record.state.tenantId, 'cores', record.state.vcpus);
    add(holdings, record.state.tenantId, 'ram', record.state.ramMb);
  }
  const n = q(schemas.network);
  const counts = await pool.query<{ tenant_id: string; resource: string; amount: string }>(
    `SELECT tenant_id, 'floating_ips' AS resource, count(*) AS amount FROM ${n}.allocated_addresses WHERE pool = 'floating' GROUP BY tenant_id
     UNION ALL SELECT tenant_id, 'security_groups', count(*) FROM ${n}.security_groups WHERE deleted_at IS NULL GROUP BY tenant_id
     UNION ALL SELECT g.tenant_id, 'security_group_rules', count(*) FROM ${n}.security_group_rules r
                 JOIN ${n}.security_groups g ON g.id = r.parent_group_id WHERE g.deleted_at IS NULL GROUP BY g.tenant_id`,
  );
  for (const r of counts.rows) add(holdings, r.tenant_id, r.resource, Number(r.amount));
  return holdings;
}

export async function checkHoldings(pool: Pool, schemas: StackSchemas, records: Map<string, ServerRecord>): Promise<InvariantResult> {
  const holdings = await holdingsOf(pool, schemas, records);
  const { rows } = await pool.query<{ tenant_id: string; resource: string; in_use: number }>(`SELECT tenant_id, resource, in_use FROM ${q(schemas.quota)}.quota_usages`);
  const stored: Holdings = new Map();
  for (const r of rows) add(stored, r.tenant_id, r.resource, r.in_use);
  const violations: Violation[] = [];
  const tenants = new Set([...holdings.keys(), ...stored.keys()]);
  for (const tenantId of [...tenants].sort()) {
    const held = holdings.get(tenantId) ?? new Map<string, number>();
    const counted = stored.get(tenantId) ?? new Map<string, number>();
    for (const resource of new Set([...held.keys(), ...counted.keys()])) {
      const holds = held.get(resource) ?? 0;
      const inUse = counted.get(resource) ?? 0;
      if (holds !== inUse) violations.push(violation('quota-usage-equals-holdings', `tenant ${tenantId}`, `${resource}: holds ${holds}, quota_usages.in_use is ${inUse}`));
    }
  }
  return result('quota-usage-equals-holdings', '4: quota_usages.in_use equals what each tenant holds (live servers\' instances/cores/RAM, floating IPs, groups, rules)', tenants.size, violations);
}

export async function checkReservations(pool: Pool, schemas: StackSchemas): Promise<InvariantResult> {
  const { rows } = await pool.query<{ reservation_id: string; resource: string; tenant_id: string; remaining: number; expires_at: Date; correlation_id: string }>(
    `SELECT reservation_id, resource, tenant_id, remaining, expires_at, correlation_id FROM ${q(schemas.quota)}.reservations WHERE state = 'reserved' ORDER BY created_at`,
  );
  const { rows: all } = await pool.query<{ n: string }>(`SELECT count(DISTINCT reservation_id) AS n FROM ${q(schemas.quota)}.reservations`);
  const now = Date.now();
  const violations = rows.map((r) =>
    violation(
      'no-open-reservation',
      `reservation ${r.reservation_id}`,
      `tenant ${r.tenant_id} still holds ${r.remaining} ${r.resource} (request ${r.correlation_id}, ${r.expires_at.getTime() < now ? 'expired at' : 'expires at'} ${r.expires_at.toISOString()})`,
    ),
  );
  return result('no-open-reservation', '4: no reservation is left open (state reserved) once the stack is settled', Number(all[0].n), violations);
}
