// The shell around the network app for os-security-groups and os-security-group-rules: the
// tenant's `default` group first (created by the network app on first use, fetched into the
// read model while the read model has none), the checks that answer before any quota is
// taken (404 for a parent group that is not the tenant's, 400 for a source group that is
// not, or a rule the group has already), then quota (413), then the change, naming the
// reservation. After a change the read model has it before the answer goes out.
// Nova: nova/api/openstack/compute/contrib/security_groups.py.

import { Injectable } from '@nestjs/common';
import {
  InvalidSecurityGroupError, NetworkClient, QuotaClient, type SecurityGroup, SecurityGroupNotFoundError, type SecurityGroupRule,
  SecurityGroupRuleExistsError, type SecurityGroupRuleSpec,
} from '@app/contracts';
import { securityGroupText } from '@app/domain';
import { NetworkReadModel } from '../network/network-read-model.service';
import { withQuotaReservation } from '../network/quota-reservation';
import { SecurityGroupQueries } from './security-group.queries';

const sameRule = (r: SecurityGroupRule, spec: SecurityGroupRuleSpec) =>
  r.ipProtocol === spec.ipProtocol && r.fromPort === spec.fromPort && r.toPort === spec.toPort && r.cidr === spec.cidr && (r.group?.id ?? null) === spec.groupId;

@Injectable()
export class SecurityGroupHandler {
  constructor(
    private readonly network: NetworkClient,
    private readonly quota: QuotaClient,
    private readonly readModel: NetworkReadModel,
    private readonly queries: SecurityGroupQueries,
  ) {}

  /** The tenant's `default` group is in the read model when this resolves (Nova: ensure_default_security_group). */
  async ensureDefault(tenantId: string, requestId: string): Promise<void> {
    if (await this.queries.hasDefault(tenantId)) return;
    const groups = await this.network.listSecurityGroups({ tenantId, correlationId: requestId });
    await this.readModel.securityGroupsChanged(groups.map((g) => g.id));
  }

  async create(tenantId: string, name: unknown, description: unknown, requestId: string): Promise<SecurityGroup> {
    // 1. Check the name and the description (400), and have the default group.
    const groupName = securityGroupText(name, 'name');
    const groupDescription = securityGroupText(description, 'description');
    await this.ensureDefault(tenantId, requestId);
    // 2. Quota (413), then the group (400 if the name is taken; the reservation is rolled back).
    const group = await withQuotaReservation(this.quota, { tenantId, deltas: { security_groups: 1 }, correlationId: requestId }, (reservationId) =>
      this.network.createSecurityGroup({ tenantId, name: groupName, description: groupDescription, reservationId, correlationId: requestId }),
    );
    // 3. Read your write.
    await this.readModel.securityGroupsChanged([group.id]);
    return (await this.queries.get(tenantId, group.id)) ?? group;
  }

  async delete(tenantId: string, id: number, requestId: string): Promise<void> {
    await this.network.deleteSecurityGroup({ tenantId, id, correlationId: requestId });
    await this.readModel.securityGroupsChanged([id]);
  }

  async createRule(tenantId: string, parentGroupId: number, rule: SecurityGroupRuleSpec, requestId: string): Promise<SecurityGroupRule> {
    // 1. The parent (404), the source (400) and the rule itself (400 if the group has it), before quota.
    await this.ensureDefault(tenantId, requestId);
    const parent = await this.queries.get(tenantId, parentGroupId);
    if (!parent) throw new SecurityGroupNotFoundError(`Security group ${parentGroupId} not found.`);
    if (rule.groupId !== null && !(await this.queries.has(tenantId, rule.groupId))) {
      throw new InvalidSecurityGroupError(`Security group ${rule.groupId} not found: group_id must name one of your security groups`);
    }
    if (parent.rules.some((r) => sameRule(r, rule))) throw new SecurityGroupRuleExistsError(parentGroupId);
    // 2. Quota (413), then the rule; the network app checks all of the above again, authoritatively.
    const created = await withQuotaReservation(this.quota, { tenantId, deltas: { security_group_rules: 1 }, correlationId: requestId }, (reservationId) =>
      this.network.createSecurityGroupRule({ tenantId, parentGroupId, rule, reservationId, correlationId: requestId }),
    );
    // 3. Read your write.
    await this.readModel.securityGroupsChanged([parentGroupId]);
    return (await this.queries.rule(tenantId, created.id)) ?? created;
  }

  async deleteRule(tenantId: string, id: number, requestId: string): Promise<void> {
    const rule = await this.network.deleteSecurityGroupRule({ tenantId, id, correlationId: requestId });
    await this.readModel.securityGroupsChanged([rule.parentGroupId]);
  }
}
