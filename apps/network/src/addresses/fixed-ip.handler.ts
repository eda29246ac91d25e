// Fixed IPs: one per server, taken from FIXED_IP_RANGE at build (BUILD(networking)) and
// released with the server (server-addresses.handler.ts). A retried request for the same
// server returns the address the first one took, so a caller's timeout never leaks one.
// Nova: nova/network/manager.py allocate_fixed_ip.

import { type AllocateFixedIpRequest, type FixedIp, fixedIpStream, NetworkEventType } from '@app/contracts';
import { type CidrBlock, formatIpv4 } from '@app/domain';
import type { SqlDb } from '@app/event-store';
import type { AddressAllocator } from './address-allocator';
import type { AllocatedAddressesRepository } from './allocated-addresses.repository';
import type { NetworkEventWriter } from './network-event-writer';

export class FixedIpHandler {
  constructor(
    private readonly db: SqlDb,
    private readonly addresses: AllocatedAddressesRepository,
    private readonly allocator: AddressAllocator,
    private readonly events: NetworkEventWriter,
    private readonly block: CidrBlock,
  ) {}

  allocate({ tenantId, serverId, correlationId }: AllocateFixedIpRequest): Promise<FixedIp> {
    return this.db.transaction(async (tx) => {
      // 1. A retried request finds what its first attempt took.
      const held = await this.addresses.fixedOf(tx, serverId, tenantId);
      if (held !== undefined) return { address: formatIpv4(held), serverId, tenantId };
      // 2. Take a free address; losing the server's row to a concurrent retry returns that one.
      const taken = await this.allocator.allocate(tx, 'fixed', this.block, async (candidate) => {
        if (await this.addresses.insertFixed(tx, candidate, tenantId, serverId)) return { address: candidate, fresh: true };
        const raced = await this.addresses.fixedOf(tx, serverId, tenantId);
        return raced === undefined ? undefined : { address: raced, fresh: false };
      });
      const address = formatIpv4(taken.address);
      // 3. Tell the others, in the same transaction.
      if (taken.fresh) {
        await this.events.append(tx, fixedIpStream(address), 'any', [{ type: NetworkEventType.FixedIpAllocated, data: { tenantId, serverId, address } }], correlationId, tenantId);
      }
      return { address, serverId, tenantId };
    });
  }
}
