// The floating IPs read model: one row per floating IP a tenant holds, from the network app's
// events in `floatingip-<id>` (allocated, associated, disassociated, deallocated). Run live by
// a durable consumer, brought up to date in the gateway's own requests by catchUpStream
// (network/network-read-model.service.ts), and rebuilt by replayProjection. Rows hold event
// data and the event's recordedAt only, so a replay reproduces them exactly.

import {
  type FloatingIpAllocatedData, type FloatingIpAssociatedData, type FloatingIpDeallocatedData, NetworkEventType, type RecordedEvent, StreamCategory,
} from '@app/contracts';
import type { Projection, SqlTx } from '@app/event-store';

export const FLOATING_IPS_TABLE = 'floating_ips';

export const floatingIpProjection: Projection = {
  name: 'api-gateway-floating-ips',
  tables: [FLOATING_IPS_TABLE],
  category: StreamCategory.FloatingIp,
  async apply(tx: SqlTx, schema: string, event: RecordedEvent): Promise<void> {
    const table = `"${schema}".${FLOATING_IPS_TABLE}`;
    switch (event.type) {
      case NetworkEventType.FloatingIpAllocated: {
        const d = event.data as FloatingIpAllocatedData;
        await tx.query(
          `INSERT INTO ${table} (id, tenant_id, ip, pool, auto_assigned, allocated_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
          [d.floatingIpId, d.tenantId, d.address, d.pool, d.autoAssigned, event.recordedAt],
        );
        return;
      }
      case NetworkEventType.FloatingIpAssociated: {
        const d = event.data as FloatingIpAssociatedData;
        await tx.query(`UPDATE ${table} SET instance_id = $2, fixed_ip = $3 WHERE id = $1`, [d.floatingIpId, d.serverId, d.fixedIp]);
        return;
      }
      case NetworkEventType.FloatingIpDisassociated: {
        const d = event.data as FloatingIpAssociatedData;
        await tx.query(`UPDATE ${table} SET instance_id = NULL, fixed_ip = NULL WHERE id = $1`, [d.floatingIpId]);
        return;
      }
      case NetworkEventType.FloatingIpDeallocated: {
        const d = event.data as FloatingIpDeallocatedData;
        await tx.query(`DELETE FROM ${table} WHERE id = $1`, [d.floatingIpId]);
        return;
      }
      default:
        // Another floatingip event, from a newer network app: nothing to show here.
        return;
    }
  },
};
