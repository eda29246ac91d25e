// The one place a network outcome becomes an answer on the wire: a value is `{ ok: true }`, a
// refusal the typed error body NetworkClient turns back into the same error class, and
// anything unexpected UNAVAILABLE (and logged here), so no handler ever throws across NATS.

import {
  FloatingIpInUseError, FloatingIpNotAssociatedError, FloatingIpNotFoundError, InvalidNetworkRequestError, type NetworkAnswer, type NetworkErrorBody,
  PoolExhaustedError,
} from '@app/contracts';
import { rpcAnswer } from '@app/platform';
import { InvalidAddressError } from '@app/domain';

/** The error body for a refusal, or undefined for an unexpected failure. */
export function errorBodyOf(error: unknown): NetworkErrorBody | undefined {
  if (error instanceof PoolExhaustedError) return { code: 'POOL_EXHAUSTED', pool: error.pool, cidr: error.cidr };
  if (error instanceof FloatingIpNotFoundError) return { code: 'NOT_FOUND', message: error.message };
  if (error instanceof FloatingIpInUseError) return { code: 'FLOATING_IP_IN_USE', address: error.address, instanceId: error.instanceId };
  if (error instanceof FloatingIpNotAssociatedError) return { code: 'NOT_ASSOCIATED', address: error.address, serverId: error.serverId };
  if (error instanceof InvalidNetworkRequestError || error instanceof InvalidAddressError) return { code: 'INVALID_REQUEST', message: error.message };
  return undefined;
}

export function answer<T>(work: () => Promise<T> | T, onFailure: (error: unknown) => void): Promise<NetworkAnswer<T>> {
  return rpcAnswer('network', work, errorBodyOf, onFailure) as Promise<NetworkAnswer<T>>;
}
