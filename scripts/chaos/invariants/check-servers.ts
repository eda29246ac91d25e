// Invariant 1 of ../shared/DESIGN.md, "every accepted create ends ACTIVE or ERROR with a
// fault; nothing stays in BUILD", and the per-server half of invariant 2: the gateway's row
// for each server equals the fold of its stream (so a lost or twice-applied event names its
// server). Reads the folds (server-records.ts), api_gateway.servers and compute_agent.instance_tasks.

import type { Pool } from 'pg';
import { VmState } from '@app/domain/server';
import { q, type StackSchemas } from './schemas';
import type { ServerRecord } from './server-records';
import { type InvariantResult, type Violation, result, violation } from './types';
import type { ServerRow as GatewayServerRow } from '../../../apps/api-gateway/src/servers/server.repository';

export interface AcceptedCreate {
  uuid: string | null;
  tenantId: string;
}

/** The gateway's row (server.repository.ts) with its metadata joined. */
type ServerRow = GatewayServerRow & { metadata: Record<string, string> | null };

export async function loadServerRows(pool: Pool, schemas: StackSchemas): Promise<Map<string, ServerRow>> {
  const g = q(schemas.gateway);
  const { rows } = await pool.query<ServerRow>(
    `SELECT s.*, (SELECT jsonb_object_agg(m.key, m.value) FROM ${g}.server_metadata m WHERE m.server_uuid = s.uuid) AS metadata FROM ${g}.servers s`,
  );
  return new Map(rows.map((r) => [r.uuid, r]));
}

const server = (uuid: string) => `server ${uuid}`;
const stateOf = (vm: string | null, task: string | null) => `${vm}${task ? `(${task})` : ''}`;

export function checkAcceptedCreates(records: Map<string, ServerRecord>, accepted: readonly AcceptedCreate[] | undefined): InvariantResult {
  const description = '1: every create the API accepted (202) has its stream in the log';
  if (!accepted) return result('accepted-create-recorded', description, 0, [], 'no list of accepted creates given (--load-report)');
  const violations: Violation[] = [];
  let checked = 0;
  for (const create of accepted) {
    if (!create.uuid) continue;
    checked++;
    if (!records.get(create.uuid)?.state.exists) {
      violations.push(violation('accepted-create-recorded', server(create.uuid), `accepted for tenant ${create.tenantId}, but no ServerCreateRequested is in the log`));
    }
  }
  return result('accepted-create-recorded', description, checked, violations);
}

export function checkSettled(records: Map<string, ServerRecord>, rows: Map<string, ServerRow>): InvariantResult[] {
  const settled: Violation[] = [];
  const faults: Violation[] = [];
  for (const record of records.values()) {
    const { vmState, taskState, fault } = record.state;
    const last = record.types[record.types.length - 1];
    if (vmState === VmState.Build || taskState !== null) {
      settled.push(violation('server-settled', server(record.uuid), `stuck in ${stateOf(vmState, taskState)} in its stream (last event ${last}, version ${record.version})`));
    }
    if (vmState === VmState.Error && !fault) faults.push(violation('error-has-fault', server(record.uuid), `ERROR in its stream with no fault (last event ${last})`));
  }
  for (const row of rows.values()) {
    if (row.vm_state === VmState.Build || row.task_state !== null) {
      settled.push(violation('server-settled', server(row.uuid), `the API shows ${stateOf(row.vm_state, row.task_state)} (api_gateway.servers)`));
    }
    if (row.vm_state === VmState.Error && !row.fault) faults.push(violation('error-has-fault', server(row.uuid), 'the API shows ERROR with no fault'));
  }
  return [
    result('server-settled', '1: no server in BUILD or with a task_state, neither in its stream nor as the API shows it', records.size + rows.size, settled),
    result('error-has-fault', '1: every server in ERROR carries a fault, in its stream and as the API shows it', records.size + rows.size, faults),
  ];
}

export async function checkComputeTasks(pool: Pool, schemas: StackSchemas): Promise<InvariantResult> {
  const description = '1: the compute agents finished every task they took (compute_agent.instance_tasks)';
  const exists = await pool.query('SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2', [schemas.computeAgent, 'instance_tasks']);
  if (exists.rowCount === 0) return result('compute-task-finished', description, 0, [], `no table ${schemas.computeAgent}.instance_tasks`);
  const { rows } = await pool.query<{ server_uuid: string; kind: string; agent_id: string; created_at: Date }>(
    `SELECT server_uuid, kind, agent_id, created_at FROM ${q(schemas.computeAgent)}.instance_tasks WHERE finished_at IS NULL ORDER BY seq`,
  );
  const { rows: all } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${q(schemas.computeAgent)}.instance_tasks`);
  const violations = rows.map((r) =>
    violation('compute-task-finished', server(r.server_uuid), `its ${r.kind} task on agent ${r.agent_id} (since ${r.created_at.toISOString()}) is not finished`),
  );
  return result('compute-task-finished', description, Number(all[0].n), violations);
}

export async function checkSnapshots(pool: Pool, schemas: StackSchemas): Promise<InvariantResult> {
  const { rows } = await pool.query<{ uuid: string; id: string; server_id: string | null; tenant_id: string | null; created_at: Date }>(
    `SELECT uuid, id::text, server_id, tenant_id, created_at FROM ${q(schemas.gateway)}.images WHERE snapshot AND status = 'SAVING' ORDER BY created_at`,
  );
  const { rows: all } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${q(schemas.gateway)}.images WHERE snapshot`);
  const violations = rows.map((r) =>
    violation('snapshot-settled', `image ${r.uuid}`, `snapshot ${r.id} of server ${r.server_id} (tenant ${r.tenant_id}, since ${r.created_at.toISOString()}) is still SAVING`),
  );
  return result('snapshot-settled', '1: every snapshot (createImage) ends ACTIVE or ERROR, none stays SAVING', Number(all[0].n), violations);
}

const time = (value: Date | string | null) => (value === null ? null : new Date(value).getTime());

/** The columns of a row and the fold's values for them, as comparable plain values. */
function comparable(record: ServerRecord, row: ServerRow): [string, unknown, unknown][] {
  const s = record.state;
  return [
    ['id', Number(row.id), s.serverId],
    ['tenant_id', row.tenant_id, s.tenantId],
    ['user_id', row.user_id, s.userId],
    ['name', row.name, s.name],
    ['vm_state', row.vm_state, s.vmState],
    ['task_state', row.task_state, s.taskState],
    ['power_state', Number(row.power_state), s.powerState],
    ['progress', row.progress, s.progress],
    ['image_uuid', row.image_uuid, s.imageUuid],
    ['image_id', row.image_id, s.imageId],
    ['flavor_id', row.flavor_id, s.flavorId],
    ['host', row.host, s.host],
    ['agent_id', row.agent_id, s.agentId],
    ['availability_zone', row.availability_zone, s.availabilityZone],
    ['fixed_ip', row.fixed_ip, s.fixedIp],
    ['auto_floating_ip', row.auto_floating_ip, s.autoFloatingIp],
    ['added_floating_ips', row.added_floating_ips, s.addedFloatingIps],
    ['security_groups', row.security_groups, s.securityGroups],
    ['key_name', row.key_name, s.keyName],
    ['config_drive', row.config_drive, s.configDrive],
    ['access_ipv4', row.access_ipv4, s.accessIPv4],
    ['access_ipv6', row.access_ipv6, s.accessIPv6],
    ['multi_create_id', row.multi_create_id, s.multiCreateId],
    ['fault', row.fault, s.fault],
    ['metadata', row.metadata ?? {}, s.metadata],
    ['created_at', time(row.created_at), time(s.createdAt)],
    ['updated_at', time(row.updated_at), time(s.updatedAt)],
    ['launched_at', time(row.launched_at), time(s.launchedAt)],
    ['deleted_at', time(row.deleted_at), time(s.deletedAt)],
  ];
}

/** JSON with object keys sorted, so that two equal values print the same. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

export function checkRowsEqualFolds(records: Map<string, ServerRecord>, rows: Map<string, ServerRow>): InvariantResult {
  const violations: Violation[] = [];
  for (const record of records.values()) {
    if (!record.state.exists) continue;
    const row = rows.get(record.uuid);
    if (!row) {
      violations.push(violation('server-row-equals-fold', server(record.uuid), `in the log (${record.types.length} events) but not in api_gateway.servers`));
      continue;
    }
    const differing = comparable(record, row)
      .filter(([, live, folded]) => canonical(live) !== canonical(folded))
      .map(([column, live, folded]) => `${column}: row ${canonical(live)}, fold ${canonical(folded)}`);
    if (differing.length > 0) {
      const order = record.outOfOrder ? ' (the log holds this stream out of version order)' : '';
      violations.push(violation('server-row-equals-fold', server(record.uuid), `api_gateway.servers differs from the fold of its ${record.types.length} events${order}: ${differing.join('; ')}`));
    }
  }
  for (const uuid of rows.keys()) {
    if (!records.get(uuid)?.state.exists) violations.push(violation('server-row-equals-fold', server(uuid), 'in api_gateway.servers but its stream has no ServerCreateRequested'));
  }
  return result('server-row-equals-fold', '2: each server\'s row in the gateway equals foldServer of its stream (no event lost or applied twice)', records.size, violations);
}
