// The shell around the network app for os-floating-ips: allocate takes the tenant's floating
// IP quota first (413 beyond it) and names the reservation in the allocation; deallocate
// hands the address back (the network app disassociates it first, and refuses an
// auto-assigned one). After either, the read model has the change before the answer goes out.
// Nova: nova/api/openstack/compute/contrib/floating_ips.py.

import { Injectable } from '@nestjs/common';
import { NetworkClient, QuotaClient } from '@app/contracts';
import { NetworkReadModel } from '../network/network-read-model.service';
import { withQuotaReservation } from '../network/quota-reservation';
import { FloatingIpQueries } from './floating-ip.queries';
import type { FloatingIpRecord } from './floating-ip.view';

@Injectable()
export class FloatingIpHandler {
  constructor(
    private readonly network: NetworkClient,
    private readonly quota: QuotaClient,
    private readonly readModel: NetworkReadModel,
    private readonly queries: FloatingIpQueries,
  ) {}

  async allocate(tenantId: string, requestId: string): Promise<FloatingIpRecord> {
    // 1. Quota, then the address, naming the reservation (PoolExhaustedError rolls it back).
    const ip = await withQuotaReservation(this.quota, { tenantId, deltas: { floating_ips: 1 }, correlationId: requestId }, (reservationId) =>
      this.network.allocateFloatingIp({ tenantId, reservationId, correlationId: requestId }),
    );
    // 2. Read your write.
    await this.readModel.floatingIpChanged(ip.id);
    return (await this.queries.get(tenantId, ip.id)) ?? { id: ip.id, ip: ip.ip, fixedIp: ip.fixedIp, instanceId: ip.instanceId };
  }

  async deallocate(tenantId: string, id: number, requestId: string): Promise<void> {
    await this.network.deallocateFloatingIp({ tenantId, id, correlationId: requestId });
    await this.readModel.floatingIpChanged(id);
  }
}
