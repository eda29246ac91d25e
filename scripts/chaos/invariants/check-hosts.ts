// Invariant 3 of ../shared/DESIGN.md, second half: "no host is over-committed beyond its
// allocation ratios". Reads scheduler.compute_hosts and scheduler.claims: each host's usage is
// within capacity x ratio and equals the sum of its claims; every claim belongs to a live
// server placed on that host (not deleted, not failed before it ran); every live placed
// server has its claim. Nova: the resource tracker's usage vs placement's allocations.

import type { Pool } from 'pg';
import { q, type StackSchemas } from './schemas';
import { isLive, type ServerRecord } from './server-records';
import { type InvariantResult, type Violation, result, violation } from './types';

/** The scheduler's allocation ratios (SCHEDULER_*_ALLOCATION_RATIO; Nova's defaults). */
export interface AllocationRatios {
  cpu: number;
  ram: number;
  disk: number;
}

export const DEFAULT_RATIOS: AllocationRatios = { cpu: 16, ram: 1.5, disk: 1.0 };

export function ratiosFrom(env: NodeJS.ProcessEnv): AllocationRatios {
  const read = (name: string, fallback: number) => (env[name] === undefined ? fallback : Number(env[name]));
  return {
    cpu: read('SCHEDULER_CPU_ALLOCATION_RATIO', DEFAULT_RATIOS.cpu),
    ram: read('SCHEDULER_RAM_ALLOCATION_RATIO', DEFAULT_RATIOS.ram),
    disk: read('SCHEDULER_DISK_ALLOCATION_RATIO', DEFAULT_RATIOS.disk),
  };
}

interface HostRow {
  host: string;
  vcpus: number;
  ram_mb: number;
  disk_gb: number;
  used_vcpus: number;
  used_ram_mb: number;
  used_disk_gb: number;
  instances: number;
  claimed_vcpus: string;
  claimed_ram_mb: string;
  claimed_disk_gb: string;
  claims: string;
}

interface ClaimRow {
  server_uuid: string;
  host: string;
  vcpus: number;
  ram_mb: number;
  disk_gb: number;
}

export async function checkHosts(pool: Pool, schemas: StackSchemas, records: Map<string, ServerRecord>, ratios: AllocationRatios): Promise<InvariantResult[]> {
  const s = q(schemas.scheduler);
  const { rows: hosts } = await pool.query<HostRow>(
    `SELECT h.host, h.vcpus, h.ram_mb, h.disk_gb, h.used_vcpus, h.used_ram_mb, h.used_disk_gb, h.instances,
            coalesce(sum(c.vcpus), 0) AS claimed_vcpus, coalesce(sum(c.ram_mb), 0) AS claimed_ram_mb,
            coalesce(sum(c.disk_gb), 0) AS claimed_disk_gb, count(c.server_uuid) AS claims
       FROM ${s}.compute_hosts h LEFT JOIN ${s}.claims c ON c.host = h.host GROUP BY h.host ORDER BY h.host`,
  );
  const { rows: claims } = await pool.query<ClaimRow>(`SELECT server_uuid, host, vcpus, ram_mb, disk_gb FROM ${s}.claims`);

  const capacity: Violation[] = [];
  const usage: Violation[] = [];
  for (const h of hosts) {
    const subject = `host ${h.host}`;
    const limits: [string, number, number, number][] = [
      ['vcpus', h.used_vcpus, h.vcpus, ratios.cpu],
      ['ram_mb', h.used_ram_mb, h.ram_mb, ratios.ram],
      ['disk_gb', h.used_disk_gb, h.disk_gb, ratios.disk],
    ];
    for (const [resource, used, total, ratio] of limits) {
      if (used > Math.floor(total * ratio)) capacity.push(violation('host-within-capacity', subject, `uses ${used} ${resource}, more than ${total} x ${ratio} = ${Math.floor(total * ratio)}`));
    }
    const sums: [string, number, number][] = [
      ['vcpus', h.used_vcpus, Number(h.claimed_vcpus)],
      ['ram_mb', h.used_ram_mb, Number(h.claimed_ram_mb)],
      ['disk_gb', h.used_disk_gb, Number(h.claimed_disk_gb)],
      ['instances', h.instances, Number(h.claims)],
    ];
    const off = sums.filter(([, used, claimed]) => used !== claimed).map(([resource, used, claimed]) => `used ${resource} ${used}, claims hold ${claimed}`);
    if (off.length > 0) usage.push(violation('host-usage-equals-claims', subject, off.join('; ')));
  }

  const owners: Violation[] = [];
  const claimed = new Map(claims.map((c) => [c.server_uuid, c]));
  for (const c of claims) {
    const record = records.get(c.server_uuid);
    const subject = `server ${c.server_uuid}`;
    if (!record || !isLive(record) || record.failedBeforeRunning) {
      const state = !record ? 'not in the log' : record.failedBeforeRunning ? `${record.state.vmState} after a failed build` : String(record.state.vmState);
      owners.push(violation('claim-owner-live', subject, `holds a claim on host ${c.host} (${c.vcpus} vcpus, ${c.ram_mb} MB) but is ${state}`));
    } else if (record.state.host !== c.host) {
      owners.push(violation('claim-owner-live', subject, `holds a claim on host ${c.host} but its stream places it on ${record.state.host ?? 'no host'}`));
    } else if (c.vcpus !== record.state.vcpus || c.ram_mb !== record.state.ramMb || c.disk_gb !== record.state.diskGb) {
      owners.push(violation('claim-owner-live', subject, `its claim on ${c.host} (${c.vcpus}/${c.ram_mb}/${c.disk_gb}) is not its flavor (${record.state.vcpus}/${record.state.ramMb}/${record.state.diskGb})`));
    }
  }
  const placed: Violation[] = [];
  let placedCount = 0;
  for (const record of records.values()) {
    if (!isLive(record) || record.failedBeforeRunning || record.state.host === null) continue;
    placedCount++;
    if (!claimed.has(record.uuid)) placed.push(violation('placed-server-claimed', `server ${record.uuid}`, `${record.state.vmState} on host ${record.state.host} with no claim there (its room is not counted)`));
  }
  return [
    result('host-within-capacity', `3: each host's used vcpus/RAM/disk <= capacity x ratio (${ratios.cpu}/${ratios.ram}/${ratios.disk})`, hosts.length, capacity),
    result('host-usage-equals-claims', "3: each host's used_* and instances equal the sum of its claims", hosts.length, usage),
    result('claim-owner-live', '3: every claim belongs to a live server on that host, with its flavor (not deleted, not failed before it ran)', claims.length, owners),
    result('placed-server-claimed', '3: every live server placed on a host holds a claim there', placedCount, placed),
  ];
}
