// The security_groups extension's rules (spec 4.4.22, 4.4.23): create a rule in one of the
// tenant's groups, delete one. The rule is checked as Nova checks it
// (libs/domain security-group-rule.ts): 400 naming the field; a parent group that is not the
// tenant's live group is 404; the same rule twice is 400; past maxSecurityGroupRules 413.
// Nova: nova/api/openstack/compute/contrib/security_groups.py, SecurityGroupRulesController.

import { Body, Controller, Delete, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { InvalidSecurityGroupError } from '@app/contracts';
import { idField, normalizeSecurityGroupRule } from '@app/domain';
import type { Representation } from '../http/representation';
import { Auth, RequestId, type AuthContext } from '../identity/auth-context';
import { TenantGuard } from '../identity/tenant.guard';
import { SecurityGroupHandler } from './security-group.handler';
import { securityGroupRuleView } from './security-group.view';
import { pathId } from './security-groups.controller';
import { SecurityGroupRuleBody } from './security-groups.dto';

@Controller('v1.1/:tenant_id/os-security-group-rules')
@UseGuards(TenantGuard)
export class SecurityGroupRulesController {
  constructor(private readonly handler: SecurityGroupHandler) {}

  @Post()
  @HttpCode(200)
  async create(@Auth() auth: AuthContext, @RequestId() requestId: string, @Body() body: SecurityGroupRuleBody): Promise<Representation> {
    const fields = body.security_group_rule;
    if (fields.parent_group_id === undefined || fields.parent_group_id === null || fields.parent_group_id === '') {
      throw new InvalidSecurityGroupError('parent_group_id is required');
    }
    const parentGroupId = idField(fields.parent_group_id, 'parent_group_id');
    const rule = normalizeSecurityGroupRule(fields);
    return securityGroupRuleView(await this.handler.createRule(auth.tenantId, parentGroupId, rule, requestId));
  }

  @Delete(':security_group_rule_id')
  @HttpCode(202)
  async delete(@Auth() auth: AuthContext, @RequestId() requestId: string, @Param('security_group_rule_id') id: string): Promise<void> {
    await this.handler.deleteRule(auth.tenantId, pathId(id, 'Security group rule'), requestId);
  }
}
