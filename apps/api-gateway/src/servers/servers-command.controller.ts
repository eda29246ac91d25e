// POST /v1.1/{tenant_id}/servers (create, spec 4.4.5.2), PUT and DELETE
// /v1.1/{tenant_id}/servers/{server_id} (4.4.6.2, 4.4.6.3). Every change is a command on the
// server's stream; the answer is read from the read model, which the append brought up to date
// in its own transaction. Nova: nova/api/openstack/compute/servers.py.

import { Body, Controller, Delete, HttpCode, Param, Post, Put, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { GatewayConfig } from '../config/gateway-config';
import type { Representation } from '../http/representation';
import { Auth, type AuthContext, RequestId } from '../identity/auth-context';
import { TenantGuard } from '../identity/tenant.guard';
import { serverWithAdminPassView } from './server-admin-pass';
import { ServerCommands } from './server-commands.service';
import { CreateServerBody, parseCreateServerRequest } from './server-create.request';
import { ServerCreateService } from './server-create.service';
import { findServer } from './server-lookup';
import { UpdateServerBody, parseUpdateServerRequest } from './server-update.request';
import { ServerRepository } from './server.repository';
import { type ServerLinks, serverView } from './server.view';

@Controller('v1.1/:tenant_id/servers')
@UseGuards(TenantGuard)
export class ServersCommandController {
  constructor(
    private readonly creator: ServerCreateService,
    private readonly commands: ServerCommands,
    private readonly servers: ServerRepository,
    private readonly config: GatewayConfig,
  ) {}

  /** 202 with the first server (and its adminPass), Location naming it. */
  @Post()
  @HttpCode(202)
  async create(
    @Auth() auth: AuthContext,
    @RequestId() requestId: string,
    @Body() body: CreateServerBody,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Representation> {
    const request = parseCreateServerRequest(body.server);
    const created = await this.creator.create(auth, requestId, request);
    const first = await findServer(this.servers, auth.tenantId, created.servers[0].uuid);
    reply.header('Location', `${this.config.publicUrl}/v1.1/${auth.tenantId}/servers/${first.id}`);
    return serverWithAdminPassView(first, this.linksFor(auth), created.adminPass);
  }

  @Put(':server_id')
  async update(@Auth() auth: AuthContext, @RequestId() requestId: string, @Param('server_id') ref: string, @Body() body: UpdateServerBody): Promise<Representation> {
    const update = parseUpdateServerRequest(body.server);
    const server = await findServer(this.servers, auth.tenantId, ref);
    await this.commands.run(server.uuid, { type: 'UpdateServer', ...update, at: new Date().toISOString() }, { requestId, tenantId: auth.tenantId });
    return serverView(await findServer(this.servers, auth.tenantId, server.uuid), this.linksFor(auth));
  }

  /** 204; a server no host holds yet is DELETED at once, any other once its host has let it go. */
  @Delete(':server_id')
  @HttpCode(204)
  async delete(@Auth() auth: AuthContext, @RequestId() requestId: string, @Param('server_id') ref: string): Promise<void> {
    const server = await findServer(this.servers, auth.tenantId, ref);
    await this.commands.run(server.uuid, { type: 'DeleteServer', at: new Date().toISOString() }, { requestId, tenantId: auth.tenantId });
  }

  private linksFor(auth: AuthContext): ServerLinks {
    return { publicUrl: this.config.publicUrl, tenantId: auth.tenantId };
  }
}
