// Invariant 3 of ../shared/DESIGN.md, first half: "no IP address is allocated twice".
// network.allocated_addresses cannot hold an address twice (its primary key), so the checks
// are about who holds what: no two servers hold the same address (in their streams, nor as
// the API shows them); every allocated address belongs to a live server that holds it, or is
// a floating IP its tenant allocated; every address a live server holds is allocated to it,
// and each ACTIVE server has its fixed IP and its auto-assigned floating IP.

import type { Pool } from 'pg';
import { formatIpv4 } from '@app/domain';
import { VmState } from '@app/domain/server';
import { q, type StackSchemas } from './schemas';
import { isLive, type ServerRecord } from './server-records';
import { type InvariantResult, type Violation, result, violation } from './types';

interface AddressRow {
  pool: 'fixed' | 'floating';
  address: string;
  tenant_id: string;
  floating_ip_id: string | null;
  server_id: string | null;
  auto_assigned: boolean;
}

interface GatewayAddresses {
  uuid: string;
  fixed_ip: string | null;
  auto_floating_ip: string | null;
  added_floating_ips: string[];
}

/** Addresses a server holds according to its stream. */
function heldBy(record: ServerRecord): { fixed: string | null; floating: string[] } {
  const s = record.state;
  return { fixed: s.fixedIp, floating: [...(s.autoFloatingIp ? [s.autoFloatingIp] : []), ...s.addedFloatingIps] };
}

/** Addresses held by more than one holder: address -> holders. */
function duplicates(pairs: [string, string][]): Map<string, string[]> {
  const holders = new Map<string, string[]>();
  for (const [address, holder] of pairs) holders.set(address, [...(holders.get(address) ?? []), holder]);
  return new Map([...holders].filter(([, list]) => list.length > 1));
}

export async function checkAddresses(pool: Pool, schemas: StackSchemas, records: Map<string, ServerRecord>): Promise<InvariantResult[]> {
  const { rows } = await pool.query<AddressRow>(
    `SELECT pool, address::text, tenant_id, floating_ip_id::text, server_id, auto_assigned FROM ${q(schemas.network)}.allocated_addresses`,
  );
  const { rows: shown } = await pool.query<GatewayAddresses>(
    `SELECT uuid, fixed_ip, auto_floating_ip, added_floating_ips FROM ${q(schemas.gateway)}.servers WHERE vm_state <> 'DELETED'`,
  );
  const live = [...records.values()].filter(isLive);

  // 1. Nobody holds an address twice.
  const once: Violation[] = [];
  const fromStreams: [string, string][] = live.flatMap((r) => {
    const { fixed, floating } = heldBy(r);
    return [...(fixed ? [[fixed, `server ${r.uuid}`] as [string, string]] : []), ...floating.map((a) => [a, `server ${r.uuid}`] as [string, string])];
  });
  for (const [address, holders] of duplicates(fromStreams)) once.push(violation('address-held-once', `address ${address}`, `held by ${holders.join(', ')} at once (their streams)`));
  const fromApi: [string, string][] = shown.flatMap((s) => [
    ...(s.fixed_ip ? [[s.fixed_ip, `server ${s.uuid}`] as [string, string]] : []),
    ...[...(s.auto_floating_ip ? [s.auto_floating_ip] : []), ...s.added_floating_ips].map((a) => [a, `server ${s.uuid}`] as [string, string]),
  ]);
  for (const [address, holders] of duplicates(fromApi)) once.push(violation('address-held-once', `address ${address}`, `shown by the API on ${holders.join(', ')} at once`));

  // 2. Every allocated address has a rightful holder.
  const owners: Violation[] = [];
  for (const row of rows) {
    const address = formatIpv4(Number(row.address));
    const subject = `address ${address}`;
    const holder = row.server_id ? records.get(row.server_id) : undefined;
    const holderState = holder ? `${holder.state.vmState}${holder.failedBeforeRunning ? ' after a failed build' : ''}` : 'not in the log';
    if (row.pool === 'fixed') {
      if (!holder || !isLive(holder) || holder.state.fixedIp !== address) {
        owners.push(violation('address-owner-live', subject, `fixed IP allocated to server ${row.server_id} (tenant ${row.tenant_id}), which ${holder && isLive(holder) ? `holds ${holder.state.fixedIp ?? 'no fixed IP'} in its stream` : `is ${holderState}`}`));
      }
      continue;
    }
    const id = `floating IP ${row.floating_ip_id}`;
    if (row.server_id === null) {
      if (row.auto_assigned) owners.push(violation('address-owner-live', subject, `${id} was auto-assigned to a server and is now associated with none (tenant ${row.tenant_id}): leaked`));
      continue;
    }
    if (!holder || !isLive(holder) || !heldBy(holder).floating.includes(address)) {
      owners.push(violation('address-owner-live', subject, `${id} is associated with server ${row.server_id}, which ${holder && isLive(holder) ? 'does not hold it in its stream' : `is ${holderState}`}`));
    } else if (holder.state.tenantId !== row.tenant_id) {
      owners.push(violation('address-owner-live', subject, `${id} belongs to tenant ${row.tenant_id} but is associated with server ${row.server_id} of tenant ${holder.state.tenantId}`));
    }
  }

  // 3. Every address a live server holds is allocated to it.
  const allocated: Violation[] = [];
  const fixedRows = new Map(rows.filter((r) => r.pool === 'fixed').map((r) => [formatIpv4(Number(r.address)), r]));
  const floatingRows = new Map(rows.filter((r) => r.pool === 'floating').map((r) => [formatIpv4(Number(r.address)), r]));
  for (const record of live) {
    const subject = `server ${record.uuid}`;
    const { fixed, floating } = heldBy(record);
    if (record.state.vmState === VmState.Active && (!fixed || !record.state.autoFloatingIp)) {
      allocated.push(violation('server-addresses-allocated', subject, `ACTIVE with fixed IP ${fixed ?? 'none'} and auto-assigned floating IP ${record.state.autoFloatingIp ?? 'none'} (it must have both)`));
    }
    if (fixed && fixedRows.get(fixed)?.server_id !== record.uuid) {
      allocated.push(violation('server-addresses-allocated', subject, `holds fixed IP ${fixed} in its stream, but network.allocated_addresses has it ${fixedRows.has(fixed) ? `for server ${fixedRows.get(fixed)!.server_id}` : 'free'}`));
    }
    for (const address of floating) {
      const row = floatingRows.get(address);
      if (row?.server_id !== record.uuid) {
        allocated.push(violation('server-addresses-allocated', subject, `holds floating IP ${address} in its stream, but network.allocated_addresses has it ${row ? `associated with ${row.server_id ?? 'no server'}` : 'free'}`));
      }
    }
  }
  return [
    result('address-held-once', '3: no address is held by two live servers, in their streams or as the API shows them', fromStreams.length + fromApi.length, once),
    result('address-owner-live', '3: every allocated address belongs to a live server that holds it, or is a floating IP its tenant allocated', rows.length, owners),
    result('server-addresses-allocated', '3: every address a live server holds is allocated to it; an ACTIVE server has its fixed and floating IP', live.length, allocated),
  ];
}
