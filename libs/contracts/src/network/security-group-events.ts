// The security group events the network app writes, one stream per group
// (`securitygroup-<id>`): the group's creation, its rules' creation and deletion, and the
// group's deletion. They are the quota app's usage events (quota/usage-events.ts: type names
// and least data) with everything a read model needs besides, so that the gateway projects a
// group and its rules from this one stream alone. Event type names are public once stored:
// never rename one. docs/network.md tells which request writes which.

import { StreamCategory, streamName } from '../events/stream-names';
import {
  type SecurityGroupCreatedUsage, type SecurityGroupDeletedUsage, type SecurityGroupRuleCreatedUsage, type SecurityGroupRuleDeletedUsage, UsageEventType,
} from '../quota/usage-events';

export const SecurityGroupEventType = {
  SecurityGroupCreated: UsageEventType.SecurityGroupCreated,
  SecurityGroupDeleted: UsageEventType.SecurityGroupDeleted,
  SecurityGroupRuleCreated: UsageEventType.SecurityGroupRuleCreated,
  SecurityGroupRuleDeleted: UsageEventType.SecurityGroupRuleDeleted,
} as const;
export type SecurityGroupEventType = (typeof SecurityGroupEventType)[keyof typeof SecurityGroupEventType];

/** The protocols a rule can name (stored in lower case); null in a group rule that allows every protocol. */
export type IpProtocol = 'tcp' | 'udp' | 'icmp';

export interface SecurityGroupCreatedData extends SecurityGroupCreatedUsage {
  securityGroupId: number;
  name: string;
  description: string;
}

export interface SecurityGroupDeletedData extends SecurityGroupDeletedUsage {
  securityGroupId: number;
  name: string;
}

/** The group a rule admits traffic from, as the API shows it (`group: {name, tenant_id}`). */
export interface SourceGroup {
  id: number;
  name: string;
  tenantId: string;
}

export interface SecurityGroupRuleCreatedData extends SecurityGroupRuleCreatedUsage {
  /** The rule's integer id as decimal text (the usage contract's `ruleId`). */
  ruleId: string;
  /** The group the rule belongs to (the stream's group). */
  securityGroupId: number;
  ipProtocol: IpProtocol | null;
  fromPort: number | null;
  toPort: number | null;
  /** Exactly one of cidr and sourceGroup is set. */
  cidr: string | null;
  sourceGroup: SourceGroup | null;
}

export interface SecurityGroupRuleDeletedData extends SecurityGroupRuleDeletedUsage {
  ruleId: string;
  securityGroupId: number;
}

export type SecurityGroupEvent =
  | { type: typeof SecurityGroupEventType.SecurityGroupCreated; data: SecurityGroupCreatedData }
  | { type: typeof SecurityGroupEventType.SecurityGroupDeleted; data: SecurityGroupDeletedData }
  | { type: typeof SecurityGroupEventType.SecurityGroupRuleCreated; data: SecurityGroupRuleCreatedData }
  | { type: typeof SecurityGroupEventType.SecurityGroupRuleDeleted; data: SecurityGroupRuleDeletedData };

/** `securitygroup-<id>`: a group, its rules, and its deletion. */
export function securityGroupStream(id: number): string {
  return streamName(StreamCategory.SecurityGroup, String(id));
}
