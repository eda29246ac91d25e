// Every /v1.1/{tenant_id}/... call needs an X-Auth-Token scoped to that tenant. No token, or
// an unknown, expired or revoked one: 401. A valid token for another tenant: 400 with Nova's
// "project_id doesn't match" message (docs/decisions/0004-token-scoping.md).

import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Faults } from '../http/faults';
import { AUTH_CONTEXT, type AuthenticatedRequest } from './auth-context';
import { TokenService } from './token.service';

@Injectable()
export class TenantGuard implements CanActivate {
  constructor(private readonly tokens: TokenService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers['x-auth-token'];
    const auth = await this.tokens.verify(Array.isArray(header) ? header[0] : header);
    if (!auth) throw Faults.unauthorized();
    const tenantId = (request.params as Record<string, string>).tenant_id;
    if (tenantId !== undefined && tenantId !== auth.tenantId) {
      throw Faults.badRequest(`Malformed request URL: URL's project_id '${tenantId}' doesn't match Context's project_id '${auth.tenantId}'`);
    }
    request[AUTH_CONTEXT] = auth;
    return true;
  }
}

/** 403 unless the caller holds the admin role. */
export function requireAdmin(auth: { isAdmin: boolean }): void {
  if (!auth.isAdmin) throw Faults.forbidden('Only an administrator may do this.');
}
