// Rebuilds every projection of the stack from the event log into scratch tables and compares
// them with the live ones, then audits quota usage against the log: the work behind
// `npm run replay` (scripts/replay.ts prints it) and the chaos runner's "no event lost or
// applied twice" invariant (scripts/chaos/invariants.ts names what differs).

import type { Pool } from 'pg';
import { type PgPoolDb, type PostgresEventStore, type Projection, type ReplayReport, replayProjection } from '@app/event-store';
import { floatingIpProjection } from '../../apps/api-gateway/src/floating-ips/floating-ip.projection';
import { imageProjection } from '../../apps/api-gateway/src/images/image.projection';
import { instanceActionProjection } from '../../apps/api-gateway/src/instance-actions/instance-action.projection';
import { keypairProjection } from '../../apps/api-gateway/src/keypairs/keypair.projection';
import { securityGroupProjection } from '../../apps/api-gateway/src/security-groups/security-group.projection';
import { serverProjection } from '../../apps/api-gateway/src/servers/server.projection';
import { tenantLimitsProjection } from '../../apps/quota/src/limits/tenant-limits.projection';
import { type UsageAuditReport, auditUsage } from '../../apps/quota/src/usage/usage-audit';

export interface ReplaySchemas {
  gateway: string;
  quota: string;
}

/** The apps' schemas from the environment (API_GATEWAY_SCHEMA, QUOTA_SCHEMA), as npm run replay reads them. */
export function replaySchemasFrom(env: NodeJS.ProcessEnv): ReplaySchemas {
  return { gateway: env.API_GATEWAY_SCHEMA ?? 'api_gateway', quota: env.QUOTA_SCHEMA ?? 'quota' };
}

/** Every projection, with the schema of the app that owns it. */
export function projectionsOf(schemas: ReplaySchemas): { app: string; schema: string; projection: Projection }[] {
  return [
    { app: 'api-gateway', schema: schemas.gateway, projection: imageProjection },
    { app: 'api-gateway', schema: schemas.gateway, projection: keypairProjection },
    { app: 'api-gateway', schema: schemas.gateway, projection: serverProjection },
    { app: 'api-gateway', schema: schemas.gateway, projection: instanceActionProjection },
    { app: 'api-gateway', schema: schemas.gateway, projection: floatingIpProjection },
    { app: 'api-gateway', schema: schemas.gateway, projection: securityGroupProjection },
    { app: 'quota', schema: schemas.quota, projection: tenantLimitsProjection },
  ];
}

export type ProjectionReplay =
  | { app: string; projection: string; schema: string; skipped: true }
  | { app: string; projection: string; schema: string; skipped: false; report: ReplayReport };

export interface ReplayAllResult {
  projections: ProjectionReplay[];
  /** Undefined when the quota schema does not exist. */
  usage?: UsageAuditReport;
  /** True when a projection or the usage differs from its rebuild. */
  differs: boolean;
}

export interface ReplayAllOptions {
  pool: Pool;
  db: PgPoolDb;
  store: PostgresEventStore;
  schemas: ReplaySchemas;
  /** Called as each projection (then the usage audit) is done, for progressive output. */
  onProjection?: (result: ProjectionReplay) => void;
  onUsage?: (usage: UsageAuditReport) => void;
}

async function schemaExists(pool: Pool, schema: string): Promise<boolean> {
  const { rows } = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  return rows.length > 0;
}

export async function replayAll(o: ReplayAllOptions): Promise<ReplayAllResult> {
  const projections: ProjectionReplay[] = [];
  let differs = false;
  for (const { app, schema, projection } of projectionsOf(o.schemas)) {
    let result: ProjectionReplay;
    if (!(await schemaExists(o.pool, schema))) {
      result = { app, projection: projection.name, schema, skipped: true };
    } else {
      const report = await replayProjection({ db: o.db, store: o.store, projection, schema });
      differs ||= !report.equal;
      result = { app, projection: projection.name, schema, skipped: false, report };
    }
    projections.push(result);
    o.onProjection?.(result);
  }
  let usage: UsageAuditReport | undefined;
  if (await schemaExists(o.pool, o.schemas.quota)) {
    usage = await auditUsage({ db: o.db, store: o.store, schema: o.schemas.quota });
    differs ||= !usage.equal;
    o.onUsage?.(usage);
  }
  return { projections, usage, differs };
}

/** The line npm run replay prints for one projection. */
export function projectionLine(result: ProjectionReplay): string {
  if (result.skipped) return `${result.app}/${result.projection}: schema ${result.schema} does not exist, skipped`;
  const { report } = result;
  const detail = report.differences.map((d) => `${d.table}: ${d.onlyLive} only live, ${d.onlyReplayed} only replayed`).join('; ');
  return `${result.app}/${result.projection}: ${report.equal ? 'equal' : 'DIFFERS'} (${report.eventsApplied} events applied, ${report.seconds.toFixed(2)} s; ${detail})`;
}

/** The lines npm run replay prints for the usage audit. */
export function usageLines(audit: UsageAuditReport): string[] {
  return [
    `quota/usage: ${audit.equal ? 'equal' : 'DIFFERS'} (${audit.usageEventsApplied} usage events, ${audit.unapplied} not yet applied)`,
    ...audit.differences.map((d) => `  ${d.tenantId} ${d.resource}: log says ${d.fromLog}, stored ${d.inUse}`),
    ...audit.reservedDifferences.map((d) => `  ${d.tenantId} ${d.resource}: reserved ${d.reserved}, open reservations ${d.openReservations}`),
  ];
}
