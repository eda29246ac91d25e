// The typed refusals a network client throws.

/** Every address of the pool is allocated. Nova: NoMoreFixedIps / NoMoreFloatingIps. */
export class PoolExhaustedError extends Error {
  readonly code = 'POOL_EXHAUSTED';
  constructor(
    readonly pool: string,
    readonly cidr: string,
  ) {
    super(`No more ${pool} IP addresses: every address of ${cidr} is allocated`);
    this.name = 'PoolExhaustedError';
  }
}

/** No such floating IP for this tenant (another tenant's is not found either). */
export class FloatingIpNotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(message: string) {
    super(message);
    this.name = 'FloatingIpNotFoundError';
  }
}

/** The floating IP is associated with another server. Nova: FloatingIpAssociated. */
export class FloatingIpInUseError extends Error {
  readonly code = 'FLOATING_IP_IN_USE';
  constructor(
    readonly address: string,
    readonly instanceId: string,
  ) {
    super(`Floating ip ${address} is already associated with server ${instanceId}`);
    this.name = 'FloatingIpInUseError';
  }
}

/** removeFloatingIp for a server the floating IP is not associated with. */
export class FloatingIpNotAssociatedError extends Error {
  readonly code = 'NOT_ASSOCIATED';
  constructor(
    readonly address: string,
    readonly serverId: string,
  ) {
    super(`Floating ip ${address} is not associated with server ${serverId}`);
    this.name = 'FloatingIpNotAssociatedError';
  }
}

/** The network app refused the request as malformed. */
export class InvalidNetworkRequestError extends Error {
  readonly code = 'INVALID_REQUEST';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidNetworkRequestError';
  }
}

/** The network app could not answer: none listening, no answer in time, or a failure on its side. */
export class NetworkUnavailableError extends Error {
  readonly code = 'UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NetworkUnavailableError';
  }
}

/**
 * removeFloatingIp or deallocate of a floating IP given to a server at build: it comes and
 * goes with its server. Nova: CannotDisassociateAutoAssignedFloatingIP.
 */
export class AutoAssignedFloatingIpError extends Error {
  readonly code = 'AUTO_ASSIGNED';
  constructor(
    readonly address: string,
    readonly action: 'disassociate' | 'deallocate',
  ) {
    super(`Cannot ${action} auto assigned floating ip ${address}: it is released with its server`);
    this.name = 'AutoAssignedFloatingIpError';
  }
}

/** No such live security group for this tenant (another tenant's, or a deleted one, is not found either). */
export class SecurityGroupNotFoundError extends Error {
  readonly code = 'SECURITY_GROUP_NOT_FOUND';
  constructor(message: string) {
    super(message);
    this.name = 'SecurityGroupNotFoundError';
  }
}

/** No such rule in a live security group of this tenant. */
export class SecurityGroupRuleNotFoundError extends Error {
  readonly code = 'SECURITY_GROUP_RULE_NOT_FOUND';
  constructor(message: string) {
    super(message);
    this.name = 'SecurityGroupRuleNotFoundError';
  }
}

/**
 * A security group or rule request the API refuses with 400: a bad name or description, a bad
 * protocol, port range or CIDR, an unknown source group, deleting `default`. Worded as Nova
 * words them (nova/api/openstack/compute/contrib/security_groups.py).
 */
export class InvalidSecurityGroupError extends Error {
  readonly code = 'INVALID_SECURITY_GROUP';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidSecurityGroupError';
  }
}

/** The tenant has a live group of this name. Nova: "Security group %s already exists" (400). */
export class SecurityGroupExistsError extends Error {
  readonly code = 'SECURITY_GROUP_EXISTS';
  constructor(readonly groupName: string) {
    super(`Security group ${groupName} already exists`);
    this.name = 'SecurityGroupExistsError';
  }
}

/** The group has the same rule already. Nova: "This rule already exists in group %s" (400). */
export class SecurityGroupRuleExistsError extends Error {
  readonly code = 'SECURITY_GROUP_RULE_EXISTS';
  constructor(readonly parentGroupId: number) {
    super(`This rule already exists in group ${parentGroupId}`);
    this.name = 'SecurityGroupRuleExistsError';
  }
}
