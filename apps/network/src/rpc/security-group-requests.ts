// The shapes of the security group requests, checked as they arrive over NATS: a message that
// does not match its contract is INVALID_REQUEST naming the field. What a name, a description
// or a rule may say is the handler's check (INVALID_SECURITY_GROUP, the API's 400).

import {
  type CreateSecurityGroupRequest, type CreateSecurityGroupRuleRequest, type DeleteSecurityGroupRequest, type DeleteSecurityGroupRuleRequest,
  type FindSecurityGroupsRequest, type GetSecurityGroupRequest, InvalidNetworkRequestError, type ListSecurityGroupsRequest,
  type SecurityGroupRuleSpec,
} from '@app/contracts';
import { correlation, type Fields, fields, id, tenant, text } from './network-requests';

/** More names than any server asks for (Nova had no limit; a body of 1 MiB bounds it anyway). */
const MAX_NAMES = 1000;

function reservation(f: Fields): { reservationId?: string } {
  return f.reservationId === undefined ? {} : { reservationId: text(f, 'reservationId') };
}

function names(f: Fields): string[] {
  const value = f.names;
  if (!Array.isArray(value) || value.length > MAX_NAMES || !value.every((n) => typeof n === 'string')) {
    throw new InvalidNetworkRequestError(`names must be a list of at most ${MAX_NAMES} strings, got ${JSON.stringify(value)}`);
  }
  return value;
}

const RULE_FIELDS = ['ipProtocol', 'fromPort', 'toPort', 'cidr', 'groupId'] as const;

function rule(data: unknown): SecurityGroupRuleSpec {
  const f = fields(data, 'rule');
  for (const field of RULE_FIELDS) {
    if (!(field in f)) throw new InvalidNetworkRequestError(`rule.${field} is required (null when not set)`);
  }
  return { ipProtocol: f.ipProtocol, fromPort: f.fromPort, toPort: f.toPort, cidr: f.cidr, groupId: f.groupId } as SecurityGroupRuleSpec;
}

export function listSecurityGroupsRequest(data: unknown): ListSecurityGroupsRequest {
  const f = fields(data);
  return { tenantId: tenant(f), correlationId: correlation(f) };
}

export function getSecurityGroupRequest(data: unknown): GetSecurityGroupRequest {
  const f = fields(data);
  return { tenantId: tenant(f), id: id(f), correlationId: correlation(f) };
}

export function findSecurityGroupsRequest(data: unknown): FindSecurityGroupsRequest {
  const f = fields(data);
  return { tenantId: tenant(f), names: names(f), correlationId: correlation(f) };
}

export function createSecurityGroupRequest(data: unknown): CreateSecurityGroupRequest {
  const f = fields(data);
  return { tenantId: tenant(f), name: text(f, 'name'), description: text(f, 'description'), ...reservation(f), correlationId: correlation(f) };
}

export function deleteSecurityGroupRequest(data: unknown): DeleteSecurityGroupRequest {
  const f = fields(data);
  return { tenantId: tenant(f), id: id(f), correlationId: correlation(f) };
}

export function createSecurityGroupRuleRequest(data: unknown): CreateSecurityGroupRuleRequest {
  const f = fields(data);
  return { tenantId: tenant(f), parentGroupId: id(f, 'parentGroupId'), rule: rule(f.rule), ...reservation(f), correlationId: correlation(f) };
}

export function deleteSecurityGroupRuleRequest(data: unknown): DeleteSecurityGroupRuleRequest {
  const f = fields(data);
  return { tenantId: tenant(f), id: id(f), correlationId: correlation(f) };
}
