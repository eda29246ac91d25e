// Requests to the network app over NATS request/reply (Nest @MessagePattern), and their
// answers. An answer is `{ ok: true, value }` or `{ ok: false, error }`, so that a refusal
// travels as data and NetworkClient throws the typed error (network.errors.ts).
// Addresses travel as dotted quads; a floating IP's id is the integer the API shows.

export const NetworkPatterns = {
  AllocateFixedIp: 'network.allocate-fixed-ip',
  AllocateFloatingIp: 'network.allocate-floating-ip',
  AssociateFloatingIp: 'network.associate-floating-ip',
  DisassociateFloatingIp: 'network.disassociate-floating-ip',
  DeallocateFloatingIp: 'network.deallocate-floating-ip',
  ReleaseServerAddresses: 'network.release-server-addresses',
  ListFloatingIps: 'network.list-floating-ips',
  GetFloatingIp: 'network.get-floating-ip',
  ListSecurityGroups: 'network.list-security-groups',
  GetSecurityGroup: 'network.get-security-group',
  FindSecurityGroups: 'network.find-security-groups',
  CreateSecurityGroup: 'network.create-security-group',
  DeleteSecurityGroup: 'network.delete-security-group',
  CreateSecurityGroupRule: 'network.create-security-group-rule',
  DeleteSecurityGroupRule: 'network.delete-security-group-rule',
} as const;

/** The name of the one floating pool, as Nova's `default_floating_pool`. */
export const FLOATING_POOL_NAME = 'nova';

/** A server's fixed IP: one per server, from FIXED_IP_RANGE. */
export interface FixedIp {
  address: string;
  serverId: string;
  tenantId: string;
}

/** A floating IP as the tenant holds it (spec 4.4.16: id, ip, fixed_ip, instance_id). */
export interface FloatingIp {
  id: number;
  ip: string;
  pool: string;
  tenantId: string;
  /** The fixed IP it is mapped to, while associated. */
  fixedIp: string | null;
  /** The server it is associated with. */
  instanceId: string | null;
  /** Given with a server at build (released with it), not allocated by the tenant. */
  autoAssigned: boolean;
}

interface Correlated {
  /** The API request id that caused this request, carried into the events. */
  correlationId: string;
}

/** One fixed IP for a server being built; asking again for the same server returns the same one. */
export interface AllocateFixedIpRequest extends Correlated {
  tenantId: string;
  serverId: string;
}

export interface AllocateFloatingIpRequest extends Correlated {
  tenantId: string;
  /** The quota reservation that holds room for it, if the caller reserved one. */
  reservationId?: string;
  /** At server build: allocate auto-assigned and associate it with the server in one step. */
  autoAssignTo?: { serverId: string; fixedIp: string };
}

/** Associates the tenant's floating IP `address` with a server's fixed IP (addFloatingIp). */
export interface AssociateFloatingIpRequest extends Correlated {
  tenantId: string;
  address: string;
  serverId: string;
  fixedIp: string;
}

/**
 * Disassociates `address`; with `serverId`, only from that server (removeFloatingIp). An
 * auto-assigned floating IP is refused (AutoAssignedFloatingIpError).
 */
export interface DisassociateFloatingIpRequest extends Correlated {
  tenantId: string;
  address: string;
  serverId?: string;
}

/**
 * Returns the tenant's floating IP to the pool, disassociating it first if need be. An
 * auto-assigned floating IP is refused (AutoAssignedFloatingIpError).
 */
export interface DeallocateFloatingIpRequest extends Correlated {
  tenantId: string;
  id: number;
}

/**
 * A server is gone (deleted, or its build failed): its fixed IP and auto-assigned floating
 * IPs go back to the pools; floating IPs the tenant allocated are only disassociated.
 */
export interface ReleaseServerAddressesRequest extends Correlated {
  tenantId: string;
  serverId: string;
}
export interface ReleaseServerAddressesAnswer {
  releasedFixedIps: string[];
  releasedFloatingIps: string[];
  disassociatedFloatingIps: string[];
}

export interface ListFloatingIpsRequest {
  tenantId: string;
}

export interface GetFloatingIpRequest {
  tenantId: string;
  id: number;
}

export type NetworkErrorBody =
  | { code: 'POOL_EXHAUSTED'; pool: string; cidr: string }
  | { code: 'NOT_FOUND'; message: string }
  | { code: 'FLOATING_IP_IN_USE'; address: string; instanceId: string }
  | { code: 'NOT_ASSOCIATED'; address: string; serverId: string }
  | { code: 'INVALID_REQUEST'; message: string }
  | { code: 'AUTO_ASSIGNED'; address: string; action: 'disassociate' | 'deallocate' }
  | { code: 'SECURITY_GROUP_NOT_FOUND'; message: string }
  | { code: 'SECURITY_GROUP_RULE_NOT_FOUND'; message: string }
  | { code: 'INVALID_SECURITY_GROUP'; message: string }
  | { code: 'SECURITY_GROUP_EXISTS'; name: string }
  | { code: 'SECURITY_GROUP_RULE_EXISTS'; parentGroupId: number }
  /** The network app failed while handling the request (its database is down, ...). */
  | { code: 'UNAVAILABLE'; message: string };

export type NetworkAnswer<T> = { ok: true; value: T } | { ok: false; error: NetworkErrorBody };
