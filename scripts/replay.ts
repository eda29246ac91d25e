// npm run replay: rebuilds every projection of the stack from the event log into scratch
// tables, compares them row for row with the live ones, audits quota usage against the log,
// prints a report, and exits 1 if anything differs. Reads DATABASE_URL, EVENT_STORE_SCHEMA,
// and the apps' schemas (API_GATEWAY_SCHEMA, QUOTA_SCHEMA; defaults api_gateway, quota).

import { Pool } from 'pg';
import { PgPoolDb, PostgresEventStore, type Projection, replayProjection } from '@app/event-store';
import { floatingIpProjection } from '../apps/api-gateway/src/floating-ips/floating-ip.projection';
import { imageProjection } from '../apps/api-gateway/src/images/image.projection';
import { instanceActionProjection } from '../apps/api-gateway/src/instance-actions/instance-action.projection';
import { keypairProjection } from '../apps/api-gateway/src/keypairs/keypair.projection';
import { securityGroupProjection } from '../apps/api-gateway/src/security-groups/security-group.projection';
import { serverProjection } from '../apps/api-gateway/src/servers/server.projection';
import { tenantLimitsProjection } from '../apps/quota/src/limits/tenant-limits.projection';
import { auditUsage } from '../apps/quota/src/usage/usage-audit';

const env = process.env;
const schemas = { gateway: env.API_GATEWAY_SCHEMA ?? 'api_gateway', quota: env.QUOTA_SCHEMA ?? 'quota' };

/** Every projection, with the schema of the app that owns it. */
const PROJECTIONS: { app: string; schema: string; projection: Projection }[] = [
  { app: 'api-gateway', schema: schemas.gateway, projection: imageProjection },
  { app: 'api-gateway', schema: schemas.gateway, projection: keypairProjection },
  { app: 'api-gateway', schema: schemas.gateway, projection: serverProjection },
  { app: 'api-gateway', schema: schemas.gateway, projection: instanceActionProjection },
  { app: 'api-gateway', schema: schemas.gateway, projection: floatingIpProjection },
  { app: 'api-gateway', schema: schemas.gateway, projection: securityGroupProjection },
  { app: 'quota', schema: schemas.quota, projection: tenantLimitsProjection },
];

async function schemaExists(pool: Pool, schema: string): Promise<boolean> {
  const { rows } = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  return rows.length > 0;
}

async function main(): Promise<number> {
  const pool = new Pool({ connectionString: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', max: 4 });
  const db = new PgPoolDb(pool);
  const store = new PostgresEventStore(db, { schema: env.EVENT_STORE_SCHEMA ?? 'event_store' });
  let differs = false;
  try {
    for (const { app, schema, projection } of PROJECTIONS) {
      if (!(await schemaExists(pool, schema))) {
        console.log(`${app}/${projection.name}: schema ${schema} does not exist, skipped`);
        continue;
      }
      const report = await replayProjection({ db, store, projection, schema });
      differs ||= !report.equal;
      const detail = report.differences.map((d) => `${d.table}: ${d.onlyLive} only live, ${d.onlyReplayed} only replayed`).join('; ');
      console.log(`${app}/${projection.name}: ${report.equal ? 'equal' : 'DIFFERS'} (${report.eventsApplied} events applied, ${report.seconds.toFixed(2)} s; ${detail})`);
    }
    if (await schemaExists(pool, schemas.quota)) {
      const audit = await auditUsage({ db, store, schema: schemas.quota });
      differs ||= !audit.equal;
      console.log(`quota/usage: ${audit.equal ? 'equal' : 'DIFFERS'} (${audit.usageEventsApplied} usage events, ${audit.unapplied} not yet applied)`);
      for (const d of audit.differences) console.log(`  ${d.tenantId} ${d.resource}: log says ${d.fromLog}, stored ${d.inUse}`);
      for (const d of audit.reservedDifferences) console.log(`  ${d.tenantId} ${d.resource}: reserved ${d.reserved}, open reservations ${d.openReservations}`);
    }
  } finally {
    await pool.end();
  }
  console.log(differs ? 'replay: the rebuilt state DIFFERS from the live one' : 'replay: every projection equals its rebuild from the log');
  return differs ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`replay: ${(error as Error).message}`);
    process.exit(2);
  },
);
