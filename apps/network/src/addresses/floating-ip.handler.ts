// Floating IPs: allocated to a tenant from FLOATING_IP_RANGE (by the tenant, or auto-assigned
// to a server at build), associated with a server's fixed IP, disassociated, deallocated.
// Always scoped to the tenant: another tenant's floating IP is NOT_FOUND, never visible. An
// auto-assigned one comes and goes with its server: the tenant can neither disassociate nor
// deallocate it (AUTO_ASSIGNED, as Nova's CannotDisassociateAutoAssignedFloatingIP).
// Every change is an event in `floatingip-<id>`, appended in the same transaction.
// Nova: nova/network/manager.py FloatingIP (allocate/associate/disassociate/deallocate).

import {
  AutoAssignedFloatingIpError, type AllocateFloatingIpRequest, type AssociateFloatingIpRequest, type DeallocateFloatingIpRequest, type DisassociateFloatingIpRequest,
  FloatingIpInUseError, FloatingIpNotAssociatedError, FloatingIpNotFoundError, type FloatingIp, floatingIpStream, InvalidNetworkRequestError,
  NetworkEventType, NO_STREAM,
} from '@app/contracts';
import { type CidrBlock, parseIpv4 } from '@app/domain';
import type { SqlDb, SqlTx } from '@app/event-store';
import type { AddressAllocator } from './address-allocator';
import type { AllocatedAddressesRepository } from './allocated-addresses.repository';
import type { NetworkEventWriter } from './network-event-writer';
import { associated, disassociated } from './floating-ip.facts';

export class FloatingIpHandler {
  constructor(
    private readonly db: SqlDb,
    private readonly addresses: AllocatedAddressesRepository,
    private readonly allocator: AddressAllocator,
    private readonly events: NetworkEventWriter,
    private readonly block: CidrBlock,
  ) {}

  allocate({ tenantId, reservationId, autoAssignTo, correlationId }: AllocateFloatingIpRequest): Promise<FloatingIp> {
    return this.db.transaction(async (tx) => {
      // 1. Check the server's fixed IP before taking anything.
      if (autoAssignTo) await this.checkFixedIp(tx, tenantId, autoAssignTo.serverId, autoAssignTo.fixedIp);
      // 2. Take a free address.
      const ip = await this.allocator.allocate(tx, 'floating', this.block, (candidate) => this.addresses.insertFloating(tx, candidate, tenantId, !!autoAssignTo));
      const allocatedData = { tenantId, ...(reservationId ? { reservationId } : {}), floatingIpId: ip.id, address: ip.ip, pool: ip.pool, autoAssigned: ip.autoAssigned };
      const events = [{ type: NetworkEventType.FloatingIpAllocated, data: allocatedData } as const];
      if (!autoAssignTo) {
        await this.events.append(tx, floatingIpStream(ip.id), NO_STREAM, events, correlationId, tenantId);
        return ip;
      }
      // 3. Auto-assigned: associated with the server in the same step.
      const { serverId, fixedIp } = autoAssignTo;
      await this.addresses.setAssociation(tx, ip.id, serverId, parseIpv4(fixedIp));
      await this.events.append(tx, floatingIpStream(ip.id), NO_STREAM, [...events, associated(ip, serverId, fixedIp)], correlationId, tenantId);
      return { ...ip, instanceId: serverId, fixedIp };
    });
  }

  associate({ tenantId, address, serverId, fixedIp, correlationId }: AssociateFloatingIpRequest): Promise<FloatingIp> {
    return this.db.transaction(async (tx) => {
      const ip = await this.owned(tx, tenantId, address);
      if (ip.instanceId === serverId && ip.fixedIp === fixedIp) return ip;
      if (ip.instanceId !== null) throw new FloatingIpInUseError(ip.ip, ip.instanceId);
      await this.checkFixedIp(tx, tenantId, serverId, fixedIp);
      await this.addresses.setAssociation(tx, ip.id, serverId, parseIpv4(fixedIp));
      await this.events.append(tx, floatingIpStream(ip.id), 'any', [associated(ip, serverId, fixedIp)], correlationId, tenantId);
      return { ...ip, instanceId: serverId, fixedIp };
    });
  }

  disassociate({ tenantId, address, serverId, correlationId }: DisassociateFloatingIpRequest): Promise<FloatingIp> {
    return this.db.transaction(async (tx) => {
      const ip = await this.owned(tx, tenantId, address);
      if (ip.autoAssigned) throw new AutoAssignedFloatingIpError(ip.ip, 'disassociate');
      if (ip.instanceId === null || (serverId !== undefined && ip.instanceId !== serverId)) {
        throw new FloatingIpNotAssociatedError(ip.ip, serverId ?? 'any server');
      }
      await this.addresses.setAssociation(tx, ip.id, null, null);
      await this.events.append(tx, floatingIpStream(ip.id), 'any', [disassociated(ip)], correlationId, tenantId);
      return { ...ip, instanceId: null, fixedIp: null };
    });
  }

  /** Returns the tenant's address to the pool; an associated one is disassociated first (two events). */
  deallocate({ tenantId, id, correlationId }: DeallocateFloatingIpRequest): Promise<void> {
    return this.db.transaction(async (tx) => {
      const ip = await this.addresses.floatingIp(tx, tenantId, { id }, true);
      if (!ip) throw new FloatingIpNotFoundError(`Floating ip not found for id ${id}`);
      if (ip.autoAssigned) throw new AutoAssignedFloatingIpError(ip.ip, 'deallocate');
      await this.addresses.deleteFloating(tx, ip.id);
      const deallocated = { type: NetworkEventType.FloatingIpDeallocated, data: { tenantId, floatingIpId: ip.id, address: ip.ip } } as const;
      await this.events.append(tx, floatingIpStream(ip.id), 'any', ip.instanceId ? [disassociated(ip), deallocated] : [deallocated], correlationId, tenantId);
    });
  }

  list(tenantId: string): Promise<FloatingIp[]> {
    return this.addresses.floatingIpsOf(this.db, tenantId);
  }

  async get(tenantId: string, id: number): Promise<FloatingIp> {
    const ip = await this.addresses.floatingIp(this.db, tenantId, { id });
    if (!ip) throw new FloatingIpNotFoundError(`Floating ip not found for id ${id}`);
    return ip;
  }

  private async owned(tx: SqlTx, tenantId: string, address: string): Promise<FloatingIp> {
    const ip = await this.addresses.floatingIp(tx, tenantId, { address: parseIpv4(address) }, true);
    if (!ip) throw new FloatingIpNotFoundError(`Floating ip not found for address ${address}`);
    return ip;
  }

  /** A floating IP maps to the fixed IP this network gave the server, nothing else. */
  private async checkFixedIp(tx: SqlTx, tenantId: string, serverId: string, fixedIp: string): Promise<void> {
    const held = await this.addresses.fixedOf(tx, serverId, tenantId);
    if (held !== parseIpv4(fixedIp)) throw new InvalidNetworkRequestError(`server ${serverId} has no fixed ip ${fixedIp}`);
  }
}
