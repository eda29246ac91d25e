// Reads of the floating_ips read model: a tenant's floating IPs, never anyone else's.

import { Inject, Injectable } from '@nestjs/common';
import type { SqlDb } from '@app/event-store';
import { APP_DB, PlatformConfig } from '@app/platform';
import { FLOATING_IPS_TABLE } from './floating-ip.projection';
import type { FloatingIpRecord } from './floating-ip.view';

interface FloatingIpRow {
  id: string;
  ip: string;
  fixed_ip: string | null;
  instance_id: string | null;
}

const toRecord = (r: FloatingIpRow): FloatingIpRecord => ({ id: Number(r.id), ip: r.ip, fixedIp: r.fixed_ip, instanceId: r.instance_id });

@Injectable()
export class FloatingIpQueries {
  private readonly table: string;

  constructor(
    @Inject(APP_DB) private readonly db: SqlDb,
    config: PlatformConfig,
  ) {
    this.table = `"${config.appSchema}".${FLOATING_IPS_TABLE}`;
  }

  /** The tenant's floating IPs, by id (oldest allocation first). */
  async list(tenantId: string): Promise<FloatingIpRecord[]> {
    const { rows } = await this.db.query<FloatingIpRow>(`SELECT id, ip, fixed_ip, instance_id FROM ${this.table} WHERE tenant_id = $1 ORDER BY id`, [tenantId]);
    return rows.map(toRecord);
  }

  async get(tenantId: string, id: number): Promise<FloatingIpRecord | undefined> {
    const { rows } = await this.db.query<FloatingIpRow>(`SELECT id, ip, fixed_ip, instance_id FROM ${this.table} WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }
}
