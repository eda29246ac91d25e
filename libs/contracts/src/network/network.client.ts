// The typed client every app uses to talk to the network app: no caller builds a subject or a
// payload by hand. It takes the transport as a function (in an app, Nest's ClientProxy.send
// with a timeout; libs/platform network-client.provider.ts), so the contract stays free of
// Nest and NATS.

import {
  FloatingIpInUseError, FloatingIpNotAssociatedError, FloatingIpNotFoundError, InvalidNetworkRequestError, NetworkUnavailableError, PoolExhaustedError,
} from './network.errors';
import {
  type AllocateFixedIpRequest, type AllocateFloatingIpRequest, type AssociateFloatingIpRequest, type DeallocateFloatingIpRequest,
  type DisassociateFloatingIpRequest, type FixedIp, type FloatingIp, type GetFloatingIpRequest, type ListFloatingIpsRequest, type NetworkAnswer,
  type NetworkErrorBody, NetworkPatterns, type ReleaseServerAddressesAnswer, type ReleaseServerAddressesRequest,
} from './network.messages';

export type NetworkTransport = <T>(pattern: string, data: unknown) => Promise<NetworkAnswer<T>>;

/** The error class a refusal on the wire stands for. */
export function networkErrorOf(error: NetworkErrorBody): Error {
  switch (error.code) {
    case 'POOL_EXHAUSTED':
      return new PoolExhaustedError(error.pool, error.cidr);
    case 'NOT_FOUND':
      return new FloatingIpNotFoundError(error.message);
    case 'FLOATING_IP_IN_USE':
      return new FloatingIpInUseError(error.address, error.instanceId);
    case 'NOT_ASSOCIATED':
      return new FloatingIpNotAssociatedError(error.address, error.serverId);
    case 'INVALID_REQUEST':
      return new InvalidNetworkRequestError(error.message);
    case 'UNAVAILABLE':
      return new NetworkUnavailableError(error.message);
    default: {
      const _exhaustive: never = error;
      return new Error(`unknown network error ${JSON.stringify(_exhaustive)}`);
    }
  }
}

export class NetworkClient {
  constructor(private readonly send: NetworkTransport) {}

  private async call<T>(pattern: string, data: unknown): Promise<T> {
    const answer = await this.send<T>(pattern, data);
    if (!answer.ok) throw networkErrorOf(answer.error);
    return answer.value;
  }

  /** The server's fixed IP (the same one when asked again); PoolExhaustedError when none is free. */
  allocateFixedIp(request: AllocateFixedIpRequest): Promise<FixedIp> {
    return this.call(NetworkPatterns.AllocateFixedIp, request);
  }

  /** A new floating IP for the tenant; PoolExhaustedError when none is free. */
  allocateFloatingIp(request: AllocateFloatingIpRequest): Promise<FloatingIp> {
    return this.call(NetworkPatterns.AllocateFloatingIp, request);
  }

  associateFloatingIp(request: AssociateFloatingIpRequest): Promise<FloatingIp> {
    return this.call(NetworkPatterns.AssociateFloatingIp, request);
  }

  disassociateFloatingIp(request: DisassociateFloatingIpRequest): Promise<FloatingIp> {
    return this.call(NetworkPatterns.DisassociateFloatingIp, request);
  }

  deallocateFloatingIp(request: DeallocateFloatingIpRequest): Promise<void> {
    return this.call(NetworkPatterns.DeallocateFloatingIp, request);
  }

  releaseServerAddresses(request: ReleaseServerAddressesRequest): Promise<ReleaseServerAddressesAnswer> {
    return this.call(NetworkPatterns.ReleaseServerAddresses, request);
  }

  /** The tenant's floating IPs, oldest first. */
  listFloatingIps(request: ListFloatingIpsRequest): Promise<FloatingIp[]> {
    return this.call(NetworkPatterns.ListFloatingIps, request);
  }

  getFloatingIp(request: GetFloatingIpRequest): Promise<FloatingIp> {
    return this.call(NetworkPatterns.GetFloatingIp, request);
  }
}
