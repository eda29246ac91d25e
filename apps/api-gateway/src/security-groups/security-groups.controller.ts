// The security_groups extension's groups (spec 4.4.20, 4.4.21): list, create, get and delete
// the tenant's security groups under /os-security-groups. Every call but delete has the
// tenant's `default` group (with its seven rules) created on first use. Another tenant's
// group, or one deleted, is 404; an id that is not an integer is 400, as Nova answers. Reads
// come from the read model (security-group.projection.ts).
// Nova: nova/api/openstack/compute/contrib/security_groups.py.

import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { SecurityGroupNotFoundError } from '@app/contracts';
import { Faults } from '../http/faults';
import type { Representation } from '../http/representation';
import { Auth, RequestId, type AuthContext } from '../identity/auth-context';
import { TenantGuard } from '../identity/tenant.guard';
import { SecurityGroupHandler } from './security-group.handler';
import { SecurityGroupQueries } from './security-group.queries';
import { securityGroupListView, securityGroupView } from './security-group.view';
import { SecurityGroupBody } from './security-groups.dto';

/** A group or rule id from the path: an integer, else 400 with Nova's words. */
export function pathId(text: string, what: string): number {
  if (!/^\d{1,15}$/.test(text)) throw Faults.badRequest(`${what} id should be integer, got '${text}'`);
  return Number(text);
}

@Controller('v1.1/:tenant_id/os-security-groups')
@UseGuards(TenantGuard)
export class SecurityGroupsController {
  constructor(
    private readonly handler: SecurityGroupHandler,
    private readonly queries: SecurityGroupQueries,
  ) {}

  @Get()
  async list(@Auth() auth: AuthContext, @RequestId() requestId: string): Promise<Representation> {
    await this.handler.ensureDefault(auth.tenantId, requestId);
    return securityGroupListView(await this.queries.list(auth.tenantId));
  }

  @Post()
  @HttpCode(200)
  async create(@Auth() auth: AuthContext, @RequestId() requestId: string, @Body() body: SecurityGroupBody): Promise<Representation> {
    const { name, description } = body.security_group;
    return securityGroupView(await this.handler.create(auth.tenantId, name, description, requestId));
  }

  @Get(':security_group_id')
  async get(@Auth() auth: AuthContext, @RequestId() requestId: string, @Param('security_group_id') id: string): Promise<Representation> {
    const groupId = pathId(id, 'Security group');
    await this.handler.ensureDefault(auth.tenantId, requestId);
    const group = await this.queries.get(auth.tenantId, groupId);
    if (!group) throw new SecurityGroupNotFoundError(`Security group ${groupId} not found.`);
    return securityGroupView(group);
  }

  @Delete(':security_group_id')
  @HttpCode(202)
  async delete(@Auth() auth: AuthContext, @RequestId() requestId: string, @Param('security_group_id') id: string): Promise<void> {
    await this.handler.delete(auth.tenantId, pathId(id, 'Security group'), requestId);
  }
}
