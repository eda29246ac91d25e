// The one place a network outcome becomes an answer on the wire: a value is `{ ok: true }`, a
// refusal the typed error body NetworkClient turns back into the same error class, and
// anything unexpected UNAVAILABLE (and logged here), so no handler ever throws across NATS.

import {
  AutoAssignedFloatingIpError, FloatingIpInUseError, FloatingIpNotAssociatedError, FloatingIpNotFoundError, InvalidNetworkRequestError,
  InvalidSecurityGroupError, type NetworkAnswer, type NetworkErrorBody, PoolExhaustedError, SecurityGroupExistsError, SecurityGroupNotFoundError,
  SecurityGroupRuleExistsError, SecurityGroupRuleNotFoundError,
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
  if (error instanceof AutoAssignedFloatingIpError) return { code: 'AUTO_ASSIGNED', address: error.address, action: error.action };
  if (error instanceof SecurityGroupNotFoundError) return { code: 'SECURITY_GROUP_NOT_FOUND', message: error.message };
  if (error instanceof SecurityGroupRuleNotFoundError) return { code: 'SECURITY_GROUP_RULE_NOT_FOUND', message: error.message };
  if (error instanceof InvalidSecurityGroupError) return { code: 'INVALID_SECURITY_GROUP', message: error.message };
  if (error instanceof SecurityGroupExistsError) return { code: 'SECURITY_GROUP_EXISTS', name: error.groupName };
  if (error instanceof SecurityGroupRuleExistsError) return { code: 'SECURITY_GROUP_RULE_EXISTS', parentGroupId: error.parentGroupId };
  return undefined;
}

export function answer<T>(work: () => Promise<T> | T, onFailure: (error: unknown) => void): Promise<NetworkAnswer<T>> {
  return rpcAnswer('network', work, errorBodyOf, onFailure) as Promise<NetworkAnswer<T>>;
}
