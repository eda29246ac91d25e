// The bodies of POST /os-security-groups (`{"security_group": {"name", "description"}}`, or
// XML `<security_group name="n"><description>d</description></security_group>`) and POST
// /os-security-group-rules (`{"security_group_rule": {"parent_group_id", "ip_protocol",
// "from_port", "to_port", "cidr", "group_id"}}`, or the same as child elements in XML). Only
// their envelope is checked here: what the fields may say is the domain's check
// (libs/domain security-group.ts, security-group-rule.ts), with Nova's words.

import { IsDefined, IsObject } from 'class-validator';

export class SecurityGroupBody {
  @IsDefined({ message: 'security_group is required' })
  @IsObject()
  security_group: { name?: unknown; description?: unknown };
}

export class SecurityGroupRuleBody {
  @IsDefined({ message: 'security_group_rule is required' })
  @IsObject()
  security_group_rule: { parent_group_id?: unknown; ip_protocol?: unknown; from_port?: unknown; to_port?: unknown; cidr?: unknown; group_id?: unknown };
}
