// Who is calling: what a valid token says, attached to the request by the tenant guard.

import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

export interface AuthContext {
  tenantId: string;
  tenantName: string;
  userId: string;
  userName: string;
  roles: string[];
  isAdmin: boolean;
}

export const AUTH_CONTEXT = Symbol('authContext');

export type AuthenticatedRequest = FastifyRequest & { [AUTH_CONTEXT]?: AuthContext };

/** `@Auth() auth: AuthContext` in a controller behind TenantGuard. */
export const Auth = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthContext => {
  const auth = ctx.switchToHttp().getRequest<AuthenticatedRequest>()[AUTH_CONTEXT];
  if (!auth) throw new Error('@Auth() used on a route without TenantGuard');
  return auth;
});

/** `@RequestId() requestId: string`: the `req-<uuid>` of this request, the correlation id of what it causes. */
export const RequestId = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => ctx.switchToHttp().getRequest<FastifyRequest>().id);
