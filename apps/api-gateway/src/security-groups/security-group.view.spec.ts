// Security group views: the spec's JSON and XML shapes (4.4.20-4.4.22), field for field: a
// CIDR rule with `group: {}`, a group rule with `ip_range: {}`, a group rule for every
// protocol with nulls ("None" in XML), an empty group with `rules: []` / `<rules/>`.

import type { SecurityGroup, SecurityGroupRule } from '@app/contracts';
import { renderXml } from '../http/xml/xml-element';
import type { Representation } from '../http/representation';
import { securityGroupListView, securityGroupRuleView, securityGroupView } from './security-group.view';

const xml = (r: Representation) => renderXml(r.xml(), { atom: r.atom, namespace: r.namespace });
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns="http://docs.openstack.org/compute/api/v1.1"';
const TENANT = '36991859863737';

const ssh: SecurityGroupRule = { id: 31701, parentGroupId: 12091, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidr: '0.0.0.0/0', group: null };
const fromDefault: SecurityGroupRule = {
  id: 31705, parentGroupId: 12091, ipProtocol: null, fromPort: null, toPort: null, cidr: null, group: { id: 12091, name: 'default', tenantId: TENANT },
};
const defaultGroup: SecurityGroup = { id: 12091, tenantId: TENANT, name: 'default', description: 'default', rules: [ssh, fromDefault] };
const empty: SecurityGroup = { id: 17753, tenantId: TENANT, name: 'security-group-1', description: 'Security group 1', rules: [] };

describe('security group views', () => {
  it('list: as the spec example, in JSON', () => {
    expect(securityGroupListView([defaultGroup, empty]).json).toEqual({
      security_groups: [
        {
          description: 'default',
          id: 12091,
          name: 'default',
          rules: [
            { from_port: 22, group: {}, id: 31701, ip_protocol: 'tcp', ip_range: { cidr: '0.0.0.0/0' }, parent_group_id: 12091, to_port: 22 },
            { from_port: null, group: { name: 'default', tenant_id: TENANT }, id: 31705, ip_protocol: null, ip_range: {}, parent_group_id: 12091, to_port: null },
          ],
          tenant_id: TENANT,
        },
        { description: 'Security group 1', id: 17753, name: 'security-group-1', rules: [], tenant_id: TENANT },
      ],
    });
  });

  it('list: as the spec example, in XML', () => {
    expect(xml(securityGroupListView([defaultGroup, empty]))).toBe(
      `${HEAD}<security_groups ${NS}>` +
        `<security_group id="12091" name="default" tenant_id="${TENANT}"><rules>` +
        '<rule id="31701" parent_group_id="12091"><from_port>22</from_port><group/><ip_protocol>tcp</ip_protocol><to_port>22</to_port><ip_range><cidr>0.0.0.0/0</cidr></ip_range></rule>' +
        `<rule id="31705" parent_group_id="12091"><from_port>None</from_port><group><tenant_id>${TENANT}</tenant_id><name>default</name></group>` +
        '<ip_protocol>None</ip_protocol><to_port>None</to_port><ip_range/></rule>' +
        '</rules><description>default</description></security_group>' +
        `<security_group id="17753" name="security-group-1" tenant_id="${TENANT}"><rules/><description>Security group 1</description></security_group>` +
        '</security_groups>',
    );
  });

  it('one group: wrapped in security_group, the namespace on it', () => {
    const view = securityGroupView(empty);
    expect(view.json).toEqual({ security_group: { description: 'Security group 1', id: 17753, name: 'security-group-1', rules: [], tenant_id: TENANT } });
    expect(xml(view)).toBe(`${HEAD}<security_group id="17753" name="security-group-1" tenant_id="${TENANT}" ${NS}><rules/><description>Security group 1</description></security_group>`);
  });

  it('a new rule: as the spec example', () => {
    const rule: SecurityGroupRule = { id: 45001, parentGroupId: 17965, ipProtocol: 'tcp', fromPort: 80, toPort: 8080, cidr: '0.0.0.0/0', group: null };
    const view = securityGroupRuleView(rule);
    expect(view.json).toEqual({
      security_group_rule: { from_port: 80, group: {}, id: 45001, ip_protocol: 'tcp', ip_range: { cidr: '0.0.0.0/0' }, parent_group_id: 17965, to_port: 8080 },
    });
    expect(xml(view)).toBe(
      `${HEAD}<security_group_rule id="45001" parent_group_id="17965" ${NS}>` +
        '<from_port>80</from_port><group/><ip_protocol>tcp</ip_protocol><to_port>8080</to_port><ip_range><cidr>0.0.0.0/0</cidr></ip_range></security_group_rule>',
    );
  });
});
