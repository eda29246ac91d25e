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
