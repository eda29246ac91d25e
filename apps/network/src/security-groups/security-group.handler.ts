// Security groups and their rules, per tenant: list, get, find by name, create, delete, and
// rules create and delete. Every change is an event in the group's stream
// (`securitygroup-<id>`), appended in the same transaction as the tables' change. The tenant's
// `default` group, with the spec's seven rules, is created on first use by any of these
// except the deletes. Deletion follows the spec: a deleted group is found by nothing (so it
// cannot be attached to a server any more, nor its rules changed), while its rows stay for
// the servers that had it, which keep its rules until they are deleted. Quota is the
// caller's: it reserves and names the reservation, written into the event.
// Nova: nova/api/openstack/compute/contrib/security_groups.py, nova/compute/api.py
// (SecurityGroupAPI, ensure_default_security_group).

import {
  type CreateSecurityGroupRequest, type CreateSecurityGroupRuleRequest, type DeleteSecurityGroupRequest, type DeleteSecurityGroupRuleRequest,
  type FindSecurityGroupsRequest, type GetSecurityGroupRequest, InvalidSecurityGroupError, type ListSecurityGroupsRequest, type NetworkEvent, NO_STREAM,
  type SecurityGroup, SecurityGroupExistsError, SecurityGroupNotFoundError, type SecurityGroupRule, SecurityGroupRuleExistsError,
  SecurityGroupRuleNotFoundError, type SecurityGroupRuleSpec, securityGroupStream, type SourceGroup,
} from '@app/contracts';
import { checkSecurityGroupRuleSpec, DEFAULT_SECURITY_GROUP, defaultSecurityGroupRules, securityGroupText } from '@app/domain';
import type { SqlDb, SqlTx } from '@app/event-store';
import type { NetworkEventWriter } from '../addresses/network-event-writer';
import { groupCreated, groupDeleted, ruleCreated, ruleDeleted } from './security-group.facts';
import type { SecurityGroupHead, SecurityGroupsRepository } from './security-groups.repository';

const notFound = (id: number) => new SecurityGroupNotFoundError(`Security group ${id} not found.`);

export class SecurityGroupHandler {
  constructor(
    private readonly db: SqlDb,
    private readonly groups: SecurityGroupsRepository,
    private readonly events: NetworkEventWriter,
  ) {}

  async list({ tenantId, correlationId }: ListSecurityGroupsRequest): Promise<SecurityGroup[]> {
    await this.ensureDefault(tenantId, correlationId);
    return this.withRules(this.db, await this.groups.liveGroups(this.db, tenantId));
  }

  async get({ tenantId, id, correlationId }: GetSecurityGroupRequest): Promise<SecurityGroup> {
    await this.ensureDefault(tenantId, correlationId);
    const group = await this.groups.liveGroup(this.db, tenantId, id);
    if (!group) throw notFound(id);
    return (await this.withRules(this.db, [group]))[0];
  }

  async find({ tenantId, names, correlationId }: FindSecurityGroupsRequest): Promise<SecurityGroup[]> {
    await this.ensureDefault(tenantId, correlationId);
    return this.withRules(this.db, await this.groups.liveGroups(this.db, tenantId, [...new Set(names)]));
  }

  async create({ tenantId, name, description, reservationId, correlationId }: CreateSecurityGroupRequest): Promise<SecurityGroup> {
    // 1. Check the name and the description.
    const groupName = securityGroupText(name, 'name');
    const groupDescription = securityGroupText(description, 'description');
    // 2. The tenant's default group comes first (so that `default` is never free to take).
    await this.ensureDefault(tenantId, correlationId);
    return this.db.transaction(async (tx) => {
      // 3. Insert; a live group of that name, even one committed a moment ago, refuses it.
      const group = await this.groups.insertGroup(tx, tenantId, groupName, groupDescription);
      if (!group) throw new SecurityGroupExistsError(groupName);
      // 4. The event, in the same transaction.
      await this.events.append(tx, securityGroupStream(group.id), NO_STREAM, [groupCreated(group, reservationId)], correlationId, tenantId);
      return { ...group, rules: [] };
    });
  }

  delete({ tenantId, id, correlationId }: DeleteSecurityGroupRequest): Promise<SecurityGroup> {
    return this.db.transaction(async (tx) => {
      // 1. The group, locked: no rule changes while it goes.
      const group = await this.groups.liveGroup(tx, tenantId, id, true);
      if (!group) throw notFound(id);
      if (group.name === DEFAULT_SECURITY_GROUP) throw new InvalidSecurityGroupError(`Unable to delete system group '${DEFAULT_SECURITY_GROUP}'`);
      // 2. Deleted: found no more; its rules stay for the servers that have it.
      const [deleted] = await this.withRules(tx, [group]);
      await this.groups.markDeleted(tx, id);
      await this.events.append(tx, securityGroupStream(id), 'any', [groupDeleted(group)], correlationId, tenantId);
      return deleted;
    });
  }

  async createRule({ tenantId, parentGroupId, rule, reservationId, correlationId }: CreateSecurityGroupRuleRequest): Promise<SecurityGroupRule> {
    // 1. Check the rule (the caller normalized it; anything else is refused).
    const spec = checkSecurityGroupRuleSpec(rule);
    await this.ensureDefault(tenantId, correlationId);
    return this.db.transaction(async (tx) => {
      // 2. The parent group, locked: its rules change one at a time, and not once it is deleted.
      const parent = await this.groups.liveGroup(tx, tenantId, parentGroupId, true);
      if (!parent) throw notFound(parentGroupId);
      // 3. The group traffic comes from: one of the tenant's live groups.
      const group = spec.groupId === null ? null : await this.sourceGroup(tx, tenantId, parent, spec.groupId);
      // 4. Insert; the same rule in the group already refuses it.
      const id = await this.groups.insertRule(tx, parent.id, spec);
      if (id === undefined) throw new SecurityGroupRuleExistsError(parent.id);
      const created = ruleOf(id, parent.id, spec, group);
      await this.events.append(tx, securityGroupStream(parent.id), 'any', [ruleCreated(tenantId, created, reservationId)], correlationId, tenantId);
      return created;
    });
  }

  deleteRule({ tenantId, id, correlationId }: DeleteSecurityGroupRuleRequest): Promise<SecurityGroupRule> {
    return this.db.transaction(async (tx) => {
      // 1. The rule, its live group locked.
      const rule = await this.groups.ruleOfLiveGroup(tx, tenantId, id);
      if (!rule) throw new SecurityGroupRuleNotFoundError(`Rule (${id}) not found`);
      // 2. Gone, with its event in the group's stream.
      await this.groups.deleteRule(tx, id);
      await this.events.append(tx, securityGroupStream(rule.parentGroupId), 'any', [ruleDeleted(tenantId, rule)], correlationId, tenantId);
      return rule;
    });
  }

  /**
   * Creates the tenant's `default` group with its seven rules if it has none: one transaction,
   * one stream; of two first uses racing, the second finds the first's (the unique name).
   */
  private async ensureDefault(tenantId: string, correlationId: string): Promise<void> {
    if ((await this.groups.liveGroups(this.db, tenantId, [DEFAULT_SECURITY_GROUP])).length > 0) return;
    await this.db.transaction(async (tx) => {
      const group = await this.groups.insertGroup(tx, tenantId, DEFAULT_SECURITY_GROUP, DEFAULT_SECURITY_GROUP);
      if (!group) return;
      const self: SourceGroup = { id: group.id, name: group.name, tenantId };
      const events: NetworkEvent[] = [groupCreated(group)];
      for (const spec of defaultSecurityGroupRules(group.id)) {
        const id = (await this.groups.insertRule(tx, group.id, spec))!;
        events.push(ruleCreated(tenantId, ruleOf(id, group.id, spec, spec.groupId === null ? null : self)));
      }
      await this.events.append(tx, securityGroupStream(group.id), NO_STREAM, events, correlationId, tenantId);
    });
  }

  private async sourceGroup(tx: SqlTx, tenantId: string, parent: SecurityGroupHead, groupId: number): Promise<SourceGroup> {
    const source = groupId === parent.id ? parent : await this.groups.liveGroup(tx, tenantId, groupId);
    if (!source) throw new InvalidSecurityGroupError(`Security group ${groupId} not found: group_id must name one of your security groups`);
    return { id: source.id, name: source.name, tenantId: source.tenantId };
  }

  private async withRules(tx: SqlTx, heads: SecurityGroupHead[]): Promise<SecurityGroup[]> {
    const rules = await this.groups.rulesOf(tx, heads.map((g) => g.id));
    return heads.map((g) => ({ ...g, rules: rules.filter((r) => r.parentGroupId === g.id) }));
  }
}

function ruleOf(id: number, parentGroupId: number, spec: SecurityGroupRuleSpec, group: SourceGroup | null): SecurityGroupRule {
  return { id, parentGroupId, ipProtocol: spec.ipProtocol, fromPort: spec.fromPort, toPort: spec.toPort, cidr: spec.cidr, group };
}
