// Rate limiting (spec 3.8.2): every authenticated /v1.1/{tenant_id}/... request takes one from
// each limit it hits, per tenant; over a limit it is refused with 413 overLimit, Retry-After
// (seconds) and details naming the limit. An interceptor, because interceptors run after the
// guards: by then TenantGuard has said whose request it is. Requests without a token (versions,
// POST /v2.0/tokens) carry no tenant and are not limited. Nova:
// nova/api/openstack/compute/limits.py (RateLimitingMiddleware).

import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { type Observable, from, mergeMap } from 'rxjs';
import { Faults } from '../http/faults';
import { AUTH_CONTEXT, type AuthenticatedRequest } from '../identity/auth-context';
import { describeLimit } from './rate-limit';
import { RateLimitTable, subUriOf } from './rate-limit-table';
import { RateLimitStore } from './rate-limit.store';

@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  constructor(
    private readonly table: RateLimitTable,
    private readonly store: RateLimitStore,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || !this.table.enabled) return next.handle();
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const auth = request[AUTH_CONTEXT];
    if (!auth) return next.handle();
    const limits = this.table.hits(request.method, subUriOf(request.url, auth.tenantId));
    if (limits.length === 0) return next.handle();
    return from(this.store.take(auth.tenantId, limits)).pipe(
      mergeMap((refusal) => {
        if (refusal) {
          const seconds = Math.max(1, Math.ceil(refusal.waitMicros / 1_000_000));
          throw Faults.overLimit('This request was rate-limited.', seconds, describeLimit(refusal.limit));
        }
        return next.handle();
      }),
    );
  }
}
