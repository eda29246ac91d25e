// Identity, Keystone v2.0 style: POST /v2.0/tokens trades a user's password for a token scoped
// to one tenant, with the service catalog; DELETE /v2.0/tokens/{token} revokes one (its owner
// or an admin).

import { Body, Controller, Delete, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { Faults } from '../http/faults';
import type { Representation } from '../http/representation';
import { GatewayConfig } from '../config/gateway-config';
import { ADMIN_ROLE, IdentityDirectory } from './identity-directory';
import { serviceCatalog } from './service-catalog';
import { TokenService } from './token.service';
import { TokensBody } from './tokens.dto';
import { accessView } from './tokens.view';

@Controller('v2.0/tokens')
export class TokensController {
  constructor(
    private readonly directory: IdentityDirectory,
    private readonly tokens: TokenService,
    private readonly config: GatewayConfig,
  ) {}

  @Post()
  @HttpCode(200)
  async create(@Body() body: TokensBody): Promise<Representation> {
    const { passwordCredentials, tenantId, tenantName } = body.auth;
    const user = await this.directory.authenticate(passwordCredentials.username, passwordCredentials.password);
    if (!user) throw Faults.unauthorized('Invalid user / password');
    const tenant = this.directory.scope(user, { tenantId, tenantName });
    if (!tenant) throw Faults.unauthorized(`User '${user.name}' has no access to tenant '${tenantId ?? tenantName}'`);
    const token = await this.tokens.issue(user, tenant);
    return accessView(token, user, tenant, serviceCatalog(this.config.publicUrl, this.directory.region, tenant.id, { admin: user.roles.includes(ADMIN_ROLE) }));
  }

  @Delete(':token')
  @HttpCode(204)
  async revoke(@Param('token') token: string, @Headers('x-auth-token') caller: string | undefined): Promise<void> {
    const auth = await this.tokens.verify(caller);
    if (!auth) throw Faults.unauthorized();
    if (caller !== token && !auth.isAdmin) throw Faults.forbidden('Only an administrator may revoke another user\'s token.');
    if (!(await this.tokens.revoke(token))) throw Faults.itemNotFound('No such token.');
  }
}
