// Security groups and rules in the API's JSON and XML shapes, exactly as the spec's examples
// (4.4.20-4.4.22): a CIDR rule shows `"group": {}` and a group rule `"ip_range": {}`
// (DESIGN.md, "Where the spec contradicts itself"); a group rule with every protocol shows
// null protocol and ports. XML puts id, name and tenant_id (group) or id and parent_group_id
// (rule) in attributes and the rest in child elements in the examples' order, "None" standing
// for null, without the Atom namespace.

import type { SecurityGroup, SecurityGroupRule } from '@app/contracts';
import { represent, type Representation } from '../http/representation';
import { el, type XmlElement } from '../http/xml/xml-element';

const NO_ATOM = { atom: false };
const none = (value: string | number | null) => (value === null ? 'None' : String(value));

function ruleJson(r: SecurityGroupRule) {
  return {
    from_port: r.fromPort,
    group: r.group ? { name: r.group.name, tenant_id: r.group.tenantId } : {},
    id: r.id,
    ip_protocol: r.ipProtocol,
    ip_range: r.cidr !== null ? { cidr: r.cidr } : {},
    parent_group_id: r.parentGroupId,
    to_port: r.toPort,
  };
}

function ruleChildren(r: SecurityGroupRule): XmlElement[] {
  return [
    el('from_port', {}, none(r.fromPort)),
    r.group ? el('group', {}, el('tenant_id', {}, r.group.tenantId), el('name', {}, r.group.name)) : el('group'),
    el('ip_protocol', {}, none(r.ipProtocol)),
    el('to_port', {}, none(r.toPort)),
    r.cidr !== null ? el('ip_range', {}, el('cidr', {}, r.cidr)) : el('ip_range'),
  ];
}

const groupJson = (g: SecurityGroup) => ({ description: g.description, id: g.id, name: g.name, rules: g.rules.map(ruleJson), tenant_id: g.tenantId });

const groupXml = (g: SecurityGroup): XmlElement =>
  el(
    'security_group',
    { id: g.id, name: g.name, tenant_id: g.tenantId },
    el('rules', {}, ...g.rules.map((r) => el('rule', { id: r.id, parent_group_id: r.parentGroupId }, ...ruleChildren(r)))),
    el('description', {}, g.description),
  );

/** GET /os-security-groups. */
export function securityGroupListView(groups: SecurityGroup[]): Representation {
  return represent({ security_groups: groups.map(groupJson) }, () => el('security_groups', {}, ...groups.map(groupXml)), NO_ATOM);
}

/** GET /os-security-groups/{id}, and the answer to POST /os-security-groups. */
export function securityGroupView(group: SecurityGroup): Representation {
  return represent({ security_group: groupJson(group) }, () => groupXml(group), NO_ATOM);
}

/** The answer to POST /os-security-group-rules. */
export function securityGroupRuleView(rule: SecurityGroupRule): Representation {
  return represent(
    { security_group_rule: ruleJson(rule) },
    () => el('security_group_rule', { id: rule.id, parent_group_id: rule.parentGroupId }, ...ruleChildren(rule)),
    NO_ATOM,
  );
}
