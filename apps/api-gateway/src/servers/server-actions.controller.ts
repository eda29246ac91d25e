// POST /v1.1/{tenant_id}/servers/{server_id}/action (spec 4.4.7): one endpoint, the body's one
// key naming the action. reboot, addFloatingIp, removeFloatingIp, addSecurityGroup and
// removeSecurityGroup answer 202 with no body; rebuild 202 with the server and its new
// adminPass (Location: the server); createImage 202 with Location of the new image;
// os-getConsoleOutput 200 with the output. Nova: nova/api/openstack/compute/servers.py.

import { Body, Controller, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { GatewayConfig } from '../config/gateway-config';
import type { Representation } from '../http/representation';
import { Auth, type AuthContext, RequestId } from '../identity/auth-context';
import { TenantGuard } from '../identity/tenant.guard';
import { serverWithAdminPassView } from './server-admin-pass';
import { parseServerAction } from './server-action.requests';
import { type ActionCaller, ServerActionsService } from './server-actions.service';
import { consoleOutputView } from './server-console-output.view';
import { findServer } from './server-lookup';
import { ServerRepository } from './server.repository';

@Controller('v1.1/:tenant_id/servers/:server_id/action')
@UseGuards(TenantGuard)
export class ServerActionsController {
  constructor(
    private readonly actions: ServerActionsService,
    private readonly servers: ServerRepository,
    private readonly config: GatewayConfig,
  ) {}

  @Post()
  @HttpCode(202)
  async act(
    @Auth() auth: AuthContext,
    @RequestId() requestId: string,
    @Param('server_id') ref: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Representation | undefined> {
    const request = parseServerAction(body);
    const server = await findServer(this.servers, auth.tenantId, ref);
    const caller: ActionCaller = { auth, requestId };
    const links = { publicUrl: this.config.publicUrl, tenantId: auth.tenantId };
    switch (request.action) {
      case 'reboot':
        await this.actions.reboot(caller, server, request);
        return undefined;
      case 'rebuild': {
        const adminPass = await this.actions.rebuild(caller, server, request);
        reply.header('Location', `${this.config.publicUrl}/v1.1/${auth.tenantId}/servers/${server.id}`);
        return serverWithAdminPassView(await findServer(this.servers, auth.tenantId, server.uuid), links, adminPass);
      }
      case 'createImage': {
        const imageId = await this.actions.createImage(caller, server, request);
        reply.header('Location', `${this.config.publicUrl}/v1.1/${auth.tenantId}/images/${imageId}`);
        return undefined;
      }
      case 'os-getConsoleOutput': {
        const output = await this.actions.consoleOutput(caller, server, request);
        reply.status(200);
        return consoleOutputView(output);
      }
      case 'addFloatingIp':
        await this.actions.addFloatingIp(caller, server, request);
        return undefined;
      case 'removeFloatingIp':
        await this.actions.removeFloatingIp(caller, server, request);
        return undefined;
      case 'addSecurityGroup':
        await this.actions.addSecurityGroup(caller, server, request);
        return undefined;
      case 'removeSecurityGroup':
        await this.actions.removeSecurityGroup(caller, server, request);
        return undefined;
      default: {
        const _exhaustive: never = request;
        return _exhaustive;
      }
    }
  }
}
