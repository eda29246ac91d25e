// GET /v1.1/{tenant_id}/servers/{server_id}/os-instance-actions and .../{request_id}: Nova's
// per-server audit trail (the os-instance-actions extension), from the instance-actions read
// model. The server must be the caller's (404 otherwise). Nova:
// nova/api/openstack/compute/contrib/instance_actions.py.

import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { Faults } from '../http/faults';
import type { Representation } from '../http/representation';
import { Auth, type AuthContext } from '../identity/auth-context';
import { TenantGuard } from '../identity/tenant.guard';
import { findServer } from '../servers/server-lookup';
import { ServerRepository } from '../servers/server.repository';
import { InstanceActionRepository } from './instance-action.repository';
import { instanceActionView, instanceActionsView } from './instance-action.view';

@Controller('v1.1/:tenant_id/servers/:server_id/os-instance-actions')
@UseGuards(TenantGuard)
export class InstanceActionsController {
  constructor(
    private readonly servers: ServerRepository,
    private readonly actions: InstanceActionRepository,
  ) {}

  @Get()
  async list(@Auth() auth: AuthContext, @Param('server_id') ref: string): Promise<Representation> {
    const server = await findServer(this.servers, auth.tenantId, ref);
    return instanceActionsView(await this.actions.list(server.uuid));
  }

  @Get(':request_id')
  async get(@Auth() auth: AuthContext, @Param('server_id') ref: string, @Param('request_id') requestId: string): Promise<Representation> {
    const server = await findServer(this.servers, auth.tenantId, ref);
    const action = await this.actions.find(server.uuid, requestId);
    if (!action) throw Faults.itemNotFound(`Action ${requestId} on instance ${server.uuid} could not be found.`);
    return instanceActionView(action, auth.isAdmin);
  }
}
