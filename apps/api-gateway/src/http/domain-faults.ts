// The domain's refusals as the spec's faults, for every resource, in one table. The global
// FaultFilter consults it first; a domain error not listed here is a bug and becomes a 500.

import { ABSOLUTE_LIMIT_NAMES, InvalidQuotaRequestError, QuotaExceededError, QuotaUnavailableError } from '@app/contracts';
import {
  AutoAssignedFloatingIpError, FloatingIpInUseError, FloatingIpNotAssociatedError, FloatingIpNotFoundError, InvalidNetworkRequestError,
  InvalidSecurityGroupError, NetworkUnavailableError, PoolExhaustedError, SecurityGroupExistsError, SecurityGroupNotFoundError,
  SecurityGroupRuleExistsError, SecurityGroupRuleNotFoundError,
} from '@app/contracts';
import {
  ImageAlreadyExistsError, ImageMetadataKeyNotFoundError, ImageMetadataLimitExceededError, ImageNotFoundError, InvalidImageMetadataError, InvalidImageStateError,
} from '@app/domain/image';
import { InvalidKeypairError, KeypairExistsError, KeypairNotFoundError } from '@app/domain/keypair';
import {
  InvalidServerRequestError, InvalidServerStateError, ServerAlreadyExistsError, ServerMetadataItemNotFoundError, ServerNotFoundError,
} from '@app/domain/server';
import { ComputeFault, Faults } from './faults';

export function domainFault(error: unknown): ComputeFault | undefined {
  // Images. A DELETED image is not found, like one that never was.
  if (error instanceof ImageNotFoundError) return Faults.itemNotFound('Image not found.');
  if (error instanceof InvalidImageStateError) return error.status === 'DELETED' ? Faults.itemNotFound('Image not found.') : Faults.inProgress(error.message);
  if (error instanceof ImageAlreadyExistsError) return Faults.conflict(error.message);
  if (error instanceof InvalidImageMetadataError) return Faults.badRequest(error.message);
  if (error instanceof ImageMetadataLimitExceededError) {
    return Faults.overLimit('Image metadata limit exceeded', undefined, `maxImageMeta is ${error.limit}; the change would leave ${error.count} items`);
  }
  if (error instanceof ImageMetadataKeyNotFoundError) return Faults.itemNotFound('Metadata item was not found');
  // Servers. A DELETED server is not found, like one that never was; a state that forbids the
  // action is 409 conflictingRequest naming both, as Nova's InstanceInvalidState.
  if (error instanceof ServerNotFoundError) return Faults.itemNotFound('Server not found.');
  if (error instanceof InvalidServerStateError) return Faults.conflict(error.message);
  if (error instanceof ServerAlreadyExistsError) return Faults.conflict(error.message);
  if (error instanceof InvalidServerRequestError) return Faults.badRequest(error.message);
  if (error instanceof ServerMetadataItemNotFoundError) return Faults.itemNotFound('Metadata item was not found');
  // Keypairs, worded as Nova words them.
  if (error instanceof KeypairExistsError) return Faults.conflict(error.message);
  if (error instanceof KeypairNotFoundError) return Faults.itemNotFound(error.message);
  if (error instanceof InvalidKeypairError) return Faults.badRequest(error.message);
  // Network: floating IPs and security groups, worded as Nova words them. Another tenant's is
  // not found; refusals of the request are 400 (Nova answered 400 for all of these).
  if (error instanceof FloatingIpNotFoundError) return Faults.itemNotFound(error.message);
  if (error instanceof PoolExhaustedError) return error.pool === 'floating' ? Faults.itemNotFound('No more floating ips available.') : Faults.serviceUnavailable(error.message);
  if (error instanceof AutoAssignedFloatingIpError) return Faults.badRequest(error.message);
  if (error instanceof FloatingIpInUseError || error instanceof FloatingIpNotAssociatedError) return Faults.badRequest(error.message);
  if (error instanceof SecurityGroupNotFoundError || error instanceof SecurityGroupRuleNotFoundError) return Faults.itemNotFound(error.message);
  if (error instanceof InvalidSecurityGroupError || error instanceof SecurityGroupExistsError || error instanceof SecurityGroupRuleExistsError) {
    return Faults.badRequest(error.message);
  }
  if (error instanceof InvalidNetworkRequestError) return Faults.badRequest(error.message);
  if (error instanceof NetworkUnavailableError) return new ComputeFault(503, 'network service unavailable', error.message);
  // Quotas. Over a quota is 413 naming the resource, without Retry-After: waiting does not help.
  if (error instanceof QuotaExceededError) {
    return Faults.overLimit(error.message, undefined, `${ABSOLUTE_LIMIT_NAMES[error.resource]} is ${error.limit}; ${error.used} in use, ${error.requested} requested`);
  }
  if (error instanceof InvalidQuotaRequestError) return Faults.badRequest(error.message);
  if (error instanceof QuotaUnavailableError) return new ComputeFault(503, 'quota service unavailable', error.message);
  return undefined;
}
