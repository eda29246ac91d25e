// GET /v1.1/{tenant_id}/servers, /servers/detail and /servers/{server_id} (spec 4.4.5.1,
// 4.4.5.3, 4.4.6.1), served from the servers read model. A server is named by its integer id
// or its UUID; another tenant's server and a DELETED one are 404.

import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { GatewayConfig } from '../config/gateway-config';
import { Faults } from '../http/faults';
import type { QueryParams } from '../http/pagination';
import type { Representation } from '../http/representation';
import { Auth, type AuthContext } from '../identity/auth-context';
import { TenantGuard } from '../identity/tenant.guard';
import { parseServerQuery } from './server-query';
import { ServerRepository } from './server.repository';
import { type ServerLinks, serverView, serversView } from './server.view';

@Controller('v1.1/:tenant_id/servers')
@UseGuards(TenantGuard)
export class ServersQueryController {
  constructor(
    private readonly servers: ServerRepository,
    private readonly config: GatewayConfig,
  ) {}

  @Get()
  async list(@Auth() auth: AuthContext, @Query() query: QueryParams): Promise<Representation> {
    return serversView(await this.servers.list(auth.tenantId, parseServerQuery(query)), this.linksFor(auth), false);
  }

  @Get('detail')
  async detail(@Auth() auth: AuthContext, @Query() query: QueryParams): Promise<Representation> {
    return serversView(await this.servers.list(auth.tenantId, parseServerQuery(query)), this.linksFor(auth), true);
  }

  @Get(':server_id')
  async get(@Auth() auth: AuthContext, @Param('server_id') ref: string): Promise<Representation> {
    const server = await this.servers.find(auth.tenantId, ref);
    if (!server) throw Faults.itemNotFound('Server not found.');
    return serverView(server, this.linksFor(auth));
  }

  private linksFor(auth: AuthContext): ServerLinks {
    return { publicUrl: this.config.publicUrl, tenantId: auth.tenantId };
  }
}
