// A security group's name and description as the API accepts them, and the `default` group
// every tenant has. Nova: nova/api/openstack/compute/contrib/security_groups.py
// (`_validate_security_group_property`) and nova/compute/api.py (`ensure_default_security_group`).
//
// Name and description: text, trimmed, not empty, at most 255 characters, each printable
// ASCII (space to `~`): the one character rule Nova ever applied to group names (its EC2 API;
// the OpenStack API only trimmed), which keeps names safe in XML, in
// euca-describe-groups-style listings and in iptables chain comments.

import { InvalidSecurityGroupError, type SecurityGroupRuleSpec } from '@app/contracts';

export const DEFAULT_SECURITY_GROUP = 'default';
export const SECURITY_GROUP_TEXT_MAX = 255;

const PRINTABLE_ASCII = /^[\x20-\x7E]+$/;

/** Checks a group's `name` or `description` and answers it trimmed; InvalidSecurityGroupError says why not. */
export function securityGroupText(value: unknown, property: 'name' | 'description'): string {
  if (typeof value !== 'string') throw new InvalidSecurityGroupError(`Security group ${property} is not a string or unicode`);
  const text = value.trim();
  if (text.length === 0) throw new InvalidSecurityGroupError(`Security group ${property} cannot be empty.`);
  if (text.length > SECURITY_GROUP_TEXT_MAX) throw new InvalidSecurityGroupError(`Security group ${property} should not be greater than ${SECURITY_GROUP_TEXT_MAX} characters.`);
  if (!PRINTABLE_ASCII.test(text)) {
    throw new InvalidSecurityGroupError(`Value (${JSON.stringify(value)}) for parameter Group${property === 'name' ? 'Name' : 'Description'} is invalid. Content limited to printable ASCII characters (space to '~').`);
  }
  return text;
}

/**
 * The `default` group's seven rules (spec "Security Groups"): ssh, http, https and ping from
 * anywhere, then icmp, tcp and udp on every port from the group itself. `groupId: 'self'`
 * stands for the default group's own id, known only once it exists. The spec's listing says
 * udp 1-65536; 65535 is the highest port there is.
 */
export const DEFAULT_SECURITY_GROUP_RULES: readonly (Omit<SecurityGroupRuleSpec, 'groupId'> & { groupId: 'self' | null })[] = [
  { ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidr: '0.0.0.0/0', groupId: null },
  { ipProtocol: 'tcp', fromPort: 80, toPort: 80, cidr: '0.0.0.0/0', groupId: null },
  { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidr: '0.0.0.0/0', groupId: null },
  { ipProtocol: 'icmp', fromPort: -1, toPort: -1, cidr: '0.0.0.0/0', groupId: null },
  { ipProtocol: 'icmp', fromPort: -1, toPort: -1, cidr: null, groupId: 'self' },
  { ipProtocol: 'tcp', fromPort: 1, toPort: 65535, cidr: null, groupId: 'self' },
  { ipProtocol: 'udp', fromPort: 1, toPort: 65535, cidr: null, groupId: 'self' },
];

/** The default group's rules for its id. */
export function defaultSecurityGroupRules(defaultGroupId: number): SecurityGroupRuleSpec[] {
  return DEFAULT_SECURITY_GROUP_RULES.map((rule) => ({ ...rule, groupId: rule.groupId === 'self' ? defaultGroupId : null }));
}
