// What a security group rule, name and description may say: Nova's rules and wording, the
// spec's slips resolved (from_port <= to_port, protocols in any case, a null group_id next to
// a cidr), and the default group's seven rules.

import { InvalidSecurityGroupError } from '@app/contracts';
import { DEFAULT_SECURITY_GROUP_RULES, defaultSecurityGroupRules, securityGroupText } from './security-group';
import { checkSecurityGroupRuleSpec, normalizeSecurityGroupRule } from './security-group-rule';

describe('normalizeSecurityGroupRule', () => {
  it("takes the spec's example as sent, text and all", () => {
    expect(normalizeSecurityGroupRule({ cidr: '0.0.0.0/0', from_port: '80', ip_protocol: 'tcp', to_port: '8080' })).toEqual({
      ipProtocol: 'tcp', fromPort: 80, toPort: 8080, cidr: '0.0.0.0/0', groupId: null,
    });
  });

  it.each([
    [{ ip_protocol: 'TCP', from_port: 22, to_port: 22, cidr: '10.0.0.0/8', group_id: null }, { ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidr: '10.0.0.0/8', groupId: null }],
    [{ ip_protocol: 'Udp', from_port: 53, to_port: 53, cidr: '0.0.0.0%2F0' }, { ipProtocol: 'udp', fromPort: 53, toPort: 53, cidr: '0.0.0.0/0', groupId: null }],
    [{ ip_protocol: 'icmp', from_port: -1, to_port: -1, cidr: '15.185.1.2/32', group_id: '' }, { ipProtocol: 'icmp', fromPort: -1, toPort: -1, cidr: '15.185.1.2/32', groupId: null }],
    [{ ip_protocol: 'icmp', from_port: '8', to_port: '0', cidr: '10.1.2.3/8' }, { ipProtocol: 'icmp', fromPort: 8, toPort: 0, cidr: '10.1.2.3/8', groupId: null }],
    [{ group_id: '12', cidr: null }, { ipProtocol: null, fromPort: null, toPort: null, cidr: null, groupId: 12 }],
    [{ group_id: 12, ip_protocol: 'tcp' }, { ipProtocol: 'tcp', fromPort: 1, toPort: 65535, cidr: null, groupId: 12 }],
    [{ group_id: 12, ip_protocol: 'ICMP' }, { ipProtocol: 'icmp', fromPort: -1, toPort: -1, cidr: null, groupId: 12 }],
    [{ group_id: 12, ip_protocol: 'udp', from_port: 1000, to_port: 2000 }, { ipProtocol: 'udp', fromPort: 1000, toPort: 2000, cidr: null, groupId: 12 }],
  ])('accepts and normalizes %j', (input, expected) => {
    expect(normalizeSecurityGroupRule(input)).toEqual(expected);
    expect(checkSecurityGroupRuleSpec(normalizeSecurityGroupRule(input))).toEqual(expected);
  });

  it.each([
    [{ ip_protocol: 'tcp', from_port: 80, to_port: 80, cidr: '0.0.0.0/0', group_id: 3 }, 'Exactly one of cidr and group_id must be given, not both'],
    [{ ip_protocol: 'tcp', from_port: 80, to_port: 80 }, 'Exactly one of cidr and group_id must be given'],
    [{ ip_protocol: 'tcp', from_port: 80, to_port: 80, cidr: '', group_id: null }, 'Exactly one of cidr and group_id must be given'],
    [{ ip_protocol: 'gre', from_port: 80, to_port: 80, cidr: '0.0.0.0/0' }, 'Invalid IP protocol "gre": ip_protocol must be tcp, udp or icmp'],
    [{ ip_protocol: 7, from_port: 80, to_port: 80, cidr: '0.0.0.0/0' }, 'Invalid IP protocol 7'],
    [{ ip_protocol: 'tcp', from_port: 8080, to_port: 80, cidr: '0.0.0.0/0' }, 'Invalid port range 8080:80 (from_port:to_port). Former value cannot be greater than the later'],
    [{ ip_protocol: 'tcp', from_port: 0, to_port: 80, cidr: '0.0.0.0/0' }, 'Valid TCP ports should be between 1-65535'],
    [{ ip_protocol: 'udp', from_port: 1, to_port: 65536, cidr: '0.0.0.0/0' }, 'Valid UDP ports should be between 1-65535'],
    [{ ip_protocol: 'icmp', from_port: -2, to_port: 0, cidr: '0.0.0.0/0' }, 'For ICMP, the type:code must be valid'],
    [{ ip_protocol: 'icmp', from_port: 0, to_port: 256, cidr: '0.0.0.0/0' }, 'For ICMP, the type:code must be valid'],
    [{ ip_protocol: 'tcp', from_port: 'eighty', to_port: 80, cidr: '0.0.0.0/0' }, 'from_port must be an integer, got "eighty"'],
    [{ ip_protocol: 'tcp', from_port: 80, to_port: 1.5, cidr: '0.0.0.0/0' }, 'to_port must be an integer, got 1.5'],
    [{ ip_protocol: 'tcp', from_port: 80, cidr: '0.0.0.0/0' }, 'from_port and to_port must both be given'],
    [{ ip_protocol: 'tcp', cidr: '0.0.0.0/0' }, 'Not enough parameters to build a valid rule'],
    [{ cidr: '0.0.0.0/0' }, 'Not enough parameters to build a valid rule: a cidr rule needs ip_protocol, from_port and to_port'],
    [{ from_port: 1, to_port: 2, group_id: 4 }, 'ip_protocol must be given with from_port and to_port'],
    [{ ip_protocol: 'tcp', from_port: 1, to_port: 2, cidr: '10.0.0.0' }, "Invalid cidr '10.0.0.0'"],
    [{ ip_protocol: 'tcp', from_port: 1, to_port: 2, cidr: '10.0.0.0/33' }, "Invalid cidr '10.0.0.0/33'"],
    [{ ip_protocol: 'tcp', from_port: 1, to_port: 2, cidr: '10.0.0.300/8' }, "Invalid cidr '10.0.0.300/8': '10.0.0.300' has an octet above 255"],
    [{ ip_protocol: 'tcp', from_port: 1, to_port: 2, cidr: 'fe80::/10' }, "Invalid cidr 'fe80::/10'"],
    [{ ip_protocol: 'tcp', from_port: 1, to_port: 2, cidr: 10 }, 'Invalid cidr 10'],
    [{ ip_protocol: 'tcp', from_port: 1, to_port: 2, group_id: 'x' }, 'group_id must be an integer, got "x"'],
    [{ ip_protocol: 'tcp', from_port: 1, to_port: 2, group_id: 0 }, 'group_id must be a positive integer, got 0'],
  ])('refuses %j', (input, message) => {
    expect(() => normalizeSecurityGroupRule(input)).toThrow(InvalidSecurityGroupError);
    expect(() => normalizeSecurityGroupRule(input)).toThrow(message);
  });

  it('refuses a spec that is not in canonical form', () => {
    expect(() => checkSecurityGroupRuleSpec({ ipProtocol: 'TCP' as never, fromPort: 1, toPort: 2, cidr: '0.0.0.0/0', groupId: null })).toThrow('not in canonical form');
  });
});

describe('securityGroupText', () => {
  it('trims and keeps printable ASCII', () => {
    expect(securityGroupText('  security-group-1 ', 'name')).toBe('security-group-1');
    expect(securityGroupText('Web servers: 80 & 443 (prod) ~ok', 'description')).toBe('Web servers: 80 & 443 (prod) ~ok');
    expect(securityGroupText('x'.repeat(255), 'name')).toHaveLength(255);
  });

  it.each([
    [undefined, 'name', 'Security group name is not a string or unicode'],
    [12, 'description', 'Security group description is not a string or unicode'],
    ['   ', 'name', 'Security group name cannot be empty.'],
    ['x'.repeat(256), 'description', 'Security group description should not be greater than 255 characters.'],
    ['caf\u00e9', 'name', 'for parameter GroupName is invalid. Content limited to printable ASCII'],
    ['a\tb', 'description', 'for parameter GroupDescription is invalid'],
  ] as const)('refuses %p as a %s', (value, property, message) => {
    expect(() => securityGroupText(value, property)).toThrow(InvalidSecurityGroupError);
    expect(() => securityGroupText(value, property)).toThrow(message);
  });
});

describe('the default group', () => {
  it("has the spec's seven rules, the last three from the group itself", () => {
    expect(DEFAULT_SECURITY_GROUP_RULES).toHaveLength(7);
    expect(defaultSecurityGroupRules(5).map((r) => [r.ipProtocol, r.fromPort, r.toPort, r.cidr ?? `group ${r.groupId}`])).toEqual([
      ['tcp', 22, 22, '0.0.0.0/0'],
      ['tcp', 80, 80, '0.0.0.0/0'],
      ['tcp', 443, 443, '0.0.0.0/0'],
      ['icmp', -1, -1, '0.0.0.0/0'],
      ['icmp', -1, -1, 'group 5'],
      ['tcp', 1, 65535, 'group 5'],
      ['udp', 1, 65535, 'group 5'],
    ]);
    for (const rule of defaultSecurityGroupRules(5)) expect(checkSecurityGroupRuleSpec(rule)).toEqual(rule);
  });
});
