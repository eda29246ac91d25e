// Security group requests to the network app (patterns in network.messages.ts) and what they
// answer. Groups and rules have the integer ids the API shows (spec 4.4.20-4.4.23). Every
// request that may create the tenant's `default` group on first use (all of them) carries a
// correlation id for the events it writes.

import type { IpProtocol, SourceGroup } from './security-group-events';

interface Correlated {
  /** The API request id that caused this request, carried into the events. */
  correlationId: string;
}

/** A rule as the API shows it: a CIDR rule has `cidr`, a group rule `group`. */
export interface SecurityGroupRule {
  id: number;
  parentGroupId: number;
  /** null (with null ports) in a group rule that admits every protocol. */
  ipProtocol: IpProtocol | null;
  fromPort: number | null;
  toPort: number | null;
  cidr: string | null;
  group: SourceGroup | null;
}

export interface SecurityGroup {
  id: number;
  tenantId: string;
  name: string;
  description: string;
  /** Oldest first. */
  rules: SecurityGroupRule[];
}

/** A rule to add, already checked (libs/domain security-group-rule.ts normalizeSecurityGroupRule). */
export interface SecurityGroupRuleSpec {
  ipProtocol: IpProtocol | null;
  fromPort: number | null;
  toPort: number | null;
  cidr: string | null;
  /** The source group's id, for a group rule. */
  groupId: number | null;
}

/** The tenant's live groups, oldest first (`default` is created on first use). */
export interface ListSecurityGroupsRequest extends Correlated {
  tenantId: string;
}

export interface GetSecurityGroupRequest extends Correlated {
  tenantId: string;
  id: number;
}

/** The tenant's live groups with these names (server create, addSecurityGroup); unknown names are left out. */
export interface FindSecurityGroupsRequest extends Correlated {
  tenantId: string;
  names: string[];
}

export interface CreateSecurityGroupRequest extends Correlated {
  tenantId: string;
  name: string;
  description: string;
  /** The quota reservation (security_groups: 1) the caller holds for it. */
  reservationId?: string;
}

/** Deletes a group (never `default`); servers that have it keep its rules (docs/network.md). */
export interface DeleteSecurityGroupRequest extends Correlated {
  tenantId: string;
  id: number;
}

export interface CreateSecurityGroupRuleRequest extends Correlated {
  tenantId: string;
  parentGroupId: number;
  rule: SecurityGroupRuleSpec;
  /** The quota reservation (security_group_rules: 1) the caller holds for it. */
  reservationId?: string;
}

/** Deletes a rule of a live group; answers the deleted rule. */
export interface DeleteSecurityGroupRuleRequest extends Correlated {
  tenantId: string;
  id: number;
}
