// The security group events, built in one place for the handler that writes them. Each carries
// the quota app's usage fields (tenantId, reservationId?, ruleId) and what a read model needs.

import { type SecurityGroupRule, SecurityGroupEventType } from '@app/contracts';
import type { SecurityGroupHead } from './security-groups.repository';

const backedBy = (reservationId: string | undefined) => (reservationId ? { reservationId } : {});

export function groupCreated(group: SecurityGroupHead, reservationId?: string) {
  const data = { tenantId: group.tenantId, ...backedBy(reservationId), securityGroupId: group.id, name: group.name, description: group.description };
  return { type: SecurityGroupEventType.SecurityGroupCreated, data } as const;
}

export function groupDeleted(group: SecurityGroupHead) {
  return { type: SecurityGroupEventType.SecurityGroupDeleted, data: { tenantId: group.tenantId, securityGroupId: group.id, name: group.name } } as const;
}

export function ruleCreated(tenantId: string, rule: SecurityGroupRule, reservationId?: string) {
  const data = {
    tenantId, ...backedBy(reservationId), ruleId: String(rule.id), securityGroupId: rule.parentGroupId,
    ipProtocol: rule.ipProtocol, fromPort: rule.fromPort, toPort: rule.toPort, cidr: rule.cidr, sourceGroup: rule.group,
  };
  return { type: SecurityGroupEventType.SecurityGroupRuleCreated, data } as const;
}

export function ruleDeleted(tenantId: string, rule: SecurityGroupRule) {
  return { type: SecurityGroupEventType.SecurityGroupRuleDeleted, data: { tenantId, ruleId: String(rule.id), securityGroupId: rule.parentGroupId } } as const;
}
