// The typed client every app uses to talk to the network app: no caller builds a subject or a
// payload by hand. It takes the transport as a function (in an app, Nest's ClientProxy.send
// with a timeout; libs/platform network-client.provider.ts), so the contract stays free of
// Nest and NATS.

import {
  AutoAssignedFloatingIpError, FloatingIpInUseError, FloatingIpNotAssociatedError, FloatingIpNotFoundError, InvalidNetworkRequestError,
  InvalidSecurityGroupError, NetworkUnavailableError, PoolExhaustedError, SecurityGroupExistsError, SecurityGroupNotFoundError,
  SecurityGroupRuleExistsError, SecurityGroupRuleNotFoundError,
} from './network.errors';
import {
  type AllocateFixedIpRequest, type AllocateFloatingIpRequest, type AssociateFloatingIpRequest, type DeallocateFloatingIpRequest,
  type DisassociateFloatingIpRequest, type FixedIp, type FloatingIp, type GetFloatingIpRequest, type ListFloatingIpsRequest, type NetworkAnswer,
  type NetworkErrorBody, NetworkPatterns, type ReleaseServerAddressesAnswer, type ReleaseServerAddressesRequest,
} from './network.messages';
import type {
  CreateSecurityGroupRequest, CreateSecurityGroupRuleRequest, DeleteSecurityGroupRequest, DeleteSecurityGroupRuleRequest, FindSecurityGroupsRequest,
  GetSecurityGroupRequest, ListSecurityGroupsRequest, SecurityGroup, SecurityGroupRule,
} from './security-group.messages';

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
    case 'AUTO_ASSIGNED':
      return new AutoAssignedFloatingIpError(error.address, error.action);
    case 'SECURITY_GROUP_NOT_FOUND':
      return new SecurityGroupNotFoundError(error.message);
    case 'SECURITY_GROUP_RULE_NOT_FOUND':
      return new SecurityGroupRuleNotFoundError(error.message);
    case 'INVALID_SECURITY_GROUP':
      return new InvalidSecurityGroupError(error.message);
    case 'SECURITY_GROUP_EXISTS':
      return new SecurityGroupExistsError(error.name);
    case 'SECURITY_GROUP_RULE_EXISTS':
      return new SecurityGroupRuleExistsError(error.parentGroupId);
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

  /** The tenant's live security groups with their rules, oldest first; `default` is created on first use. */
  listSecurityGroups(request: ListSecurityGroupsRequest): Promise<SecurityGroup[]> {
    return this.call(NetworkPatterns.ListSecurityGroups, request);
  }

  /** One of the tenant's live groups; SecurityGroupNotFoundError otherwise. */
  getSecurityGroup(request: GetSecurityGroupRequest): Promise<SecurityGroup> {
    return this.call(NetworkPatterns.GetSecurityGroup, request);
  }

  /**
   * The tenant's live groups named in `names` (each once, oldest first), `default` created on
   * first use; a name with no live group is simply missing from the answer. For server create's
   * security_groups and addSecurityGroup: a missing name is the caller's 400.
   */
  findSecurityGroups(request: FindSecurityGroupsRequest): Promise<SecurityGroup[]> {
    return this.call(NetworkPatterns.FindSecurityGroups, request);
  }

  /** A new, empty group; SecurityGroupExistsError, InvalidSecurityGroupError. */
  createSecurityGroup(request: CreateSecurityGroupRequest): Promise<SecurityGroup> {
    return this.call(NetworkPatterns.CreateSecurityGroup, request);
  }

  /** Deletes a group (not `default`: InvalidSecurityGroupError); answers the group as it was. */
  deleteSecurityGroup(request: DeleteSecurityGroupRequest): Promise<SecurityGroup> {
    return this.call(NetworkPatterns.DeleteSecurityGroup, request);
  }

  /** Adds a rule to a live group; SecurityGroupNotFoundError (parent), InvalidSecurityGroupError, SecurityGroupRuleExistsError. */
  createSecurityGroupRule(request: CreateSecurityGroupRuleRequest): Promise<SecurityGroupRule> {
    return this.call(NetworkPatterns.CreateSecurityGroupRule, request);
  }

  /** Deletes a rule of a live group; answers the rule as it was. SecurityGroupRuleNotFoundError. */
  deleteSecurityGroupRule(request: DeleteSecurityGroupRuleRequest): Promise<SecurityGroupRule> {
    return this.call(NetworkPatterns.DeleteSecurityGroupRule, request);
  }
}
