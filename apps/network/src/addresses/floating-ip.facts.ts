// The association events of a floating IP, built in one place for the handlers that write them.

import { type FloatingIp, NetworkEventType } from '@app/contracts';

export function associated(ip: FloatingIp, serverId: string, fixedIp: string) {
  return { type: NetworkEventType.FloatingIpAssociated, data: { tenantId: ip.tenantId, floatingIpId: ip.id, address: ip.ip, serverId, fixedIp } } as const;
}

/** Disassociated from the server it is associated with now. */
export function disassociated(ip: FloatingIp) {
  const data = { tenantId: ip.tenantId, floatingIpId: ip.id, address: ip.ip, serverId: ip.instanceId ?? '', fixedIp: ip.fixedIp ?? '' };
  return { type: NetworkEventType.FloatingIpDisassociated, data } as const;
}
