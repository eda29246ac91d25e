// A server is gone (deleted, or its build failed): its fixed IP goes back to the pool, its
// auto-assigned floating IPs are disassociated and deallocated, and floating IPs the tenant
// allocated itself are only disassociated (they stay the tenant's, as in Nova). Asking again
// releases nothing more. Nova: nova/network/manager.py deallocate_for_instance.

import {
  fixedIpStream, floatingIpStream, NetworkEventType, type ReleaseServerAddressesAnswer, type ReleaseServerAddressesRequest,
} from '@app/contracts';
import { formatIpv4 } from '@app/domain';
import type { SqlDb } from '@app/event-store';
import type { AllocatedAddressesRepository } from './allocated-addresses.repository';
import { disassociated } from './floating-ip.facts';
import type { NetworkEventWriter } from './network-event-writer';

export class ServerAddressesHandler {
  constructor(
    private readonly db: SqlDb,
    private readonly addresses: AllocatedAddressesRepository,
    private readonly events: NetworkEventWriter,
  ) {}

  release({ tenantId, serverId, correlationId }: ReleaseServerAddressesRequest): Promise<ReleaseServerAddressesAnswer> {
    return this.db.transaction(async (tx) => {
      const answer: ReleaseServerAddressesAnswer = { releasedFixedIps: [], releasedFloatingIps: [], disassociatedFloatingIps: [] };
      // 1. Floating IPs first: they point at the fixed IP.
      for (const ip of await this.addresses.floatingIpsOfServer(tx, serverId, tenantId)) {
        if (ip.autoAssigned) {
          await this.addresses.deleteFloating(tx, ip.id);
          const deallocated = { type: NetworkEventType.FloatingIpDeallocated, data: { tenantId, floatingIpId: ip.id, address: ip.ip } } as const;
          await this.events.append(tx, floatingIpStream(ip.id), 'any', [disassociated(ip), deallocated], correlationId, tenantId);
          answer.releasedFloatingIps.push(ip.ip);
        } else {
          await this.addresses.setAssociation(tx, ip.id, null, null);
          await this.events.append(tx, floatingIpStream(ip.id), 'any', [disassociated(ip)], correlationId, tenantId);
          answer.disassociatedFloatingIps.push(ip.ip);
        }
      }
      // 2. Then the fixed IP.
      const fixed = await this.addresses.fixedOf(tx, serverId, tenantId);
      if (fixed !== undefined) {
        const address = formatIpv4(fixed);
        await this.addresses.deleteFixed(tx, fixed);
        await this.events.append(tx, fixedIpStream(address), 'any', [{ type: NetworkEventType.FixedIpReleased, data: { tenantId, serverId, address } }], correlationId, tenantId);
        answer.releasedFixedIps.push(address);
      }
      return answer;
    });
  }
}
