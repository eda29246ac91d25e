// Applies the gateway's behaviour kinds (request-behaviours.ts) to every authenticated
// /v1.1/{tenant_id}/... request, after the guards (TenantGuard has said whose request it is) and
// after rate limiting. With no behaviour in force this costs one look at a map. A behaviour that
// counts takes its turn from the shared counter (behaviour-counters.ts), so replicas agree on
// which request is the n-th. Every behaviour that aims at a request counts it, in creation
// order; the first to fail it wins. A false-negative lets the create run, then answers its
// error instead of the 202. The control API (/os-behaviours) is never subject to behaviours,
// nor is anything without a token (versions, POST /v2.0/tokens).

import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { type Observable, from, map, mergeMap } from 'rxjs';
import type { Behaviour, BehaviourSubject } from '@app/contracts';
import { AUTH_CONTEXT, type AuthenticatedRequest } from '../identity/auth-context';
import { ImageRepository } from '../images/image.repository';
import { isPlainObject, parseRef } from '../servers/server-request-fields';
import { BehaviourCounters } from './behaviour-counters';
import { GatewayBehaviours } from './gateway-behaviours.service';
import { type ApiRequest, CONTROL_PATH, type Verdict, criteriaOnServer, decide, injectedFault, needsTurn, pathBelowTenant } from './request-behaviours';

@Injectable()
export class BehaviourInterceptor implements NestInterceptor {
  constructor(
    private readonly behaviours: GatewayBehaviours,
    private readonly counters: BehaviourCounters,
    private readonly images: ImageRepository,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const auth = request[AUTH_CONTEXT];
    if (!auth) return next.handle();
    const candidates = this.behaviours.forRequests();
    if (candidates.length === 0) return next.handle();
    const path = pathBelowTenant(request.url, auth.tenantId);
    if (CONTROL_PATH.test(path)) return next.handle();
    const apiRequest: ApiRequest = { method: request.method.toUpperCase(), path, tenantId: auth.tenantId, isServerCreate: request.method === 'POST' && path === '/servers' };
    return from(this.verdict(candidates, apiRequest, request.body)).pipe(
      mergeMap((verdict) => {
        if (verdict?.when === 'now') throw injectedFault(verdict);
        if (!verdict) return next.handle();
        // False negative: the create went through; its answer is the error all the same.
        return next.handle().pipe(
          map(() => {
            context.switchToHttp().getResponse<FastifyReply>().removeHeader('location');
            throw injectedFault(verdict);
          }),
        );
      }),
    );
  }

  /** The first verdict to fail the request now, else the first false negative, else none. */
  private async verdict(behaviours: Behaviour[], request: ApiRequest, body: unknown): Promise<Verdict | undefined> {
    if (request.isServerCreate && behaviours.some((b) => criteriaOnServer(b.criteria))) request.server = await this.subjectOf(request.tenantId, body);
    let now: Verdict | undefined;
    let after: Verdict | undefined;
    for (const behaviour of behaviours) {
      let ordinal: number | undefined;
      if (needsTurn(behaviour, request)) {
        if (this.counters.isSpent(behaviour.id)) continue;
        ordinal = await this.counters.next(behaviour.id);
      }
      const decision = decide(behaviour, request, ordinal);
      if (decision.spent) this.counters.markSpent(behaviour.id);
      const verdict = decision.verdict;
      if (verdict?.when === 'now') now ??= verdict;
      else if (verdict) after ??= verdict;
    }
    return now ?? after;
  }

  /** The server a create's body asks for, with its image's id and UUID; undefined if the body cannot be read. */
  private async subjectOf(tenantId: string, body: unknown): Promise<BehaviourSubject | undefined> {
    const server = isPlainObject(body) && isPlainObject(body.server) ? body.server : undefined;
    if (!server || typeof server.name !== 'string') return undefined;
    try {
      const imageRef = parseRef(server.imageRef, 'server.imageRef');
      const image = await this.images.find(tenantId, imageRef);
      const metadata = isPlainObject(server.metadata) ? Object.fromEntries(Object.entries(server.metadata).filter(([, v]) => typeof v === 'string')) : {};
      return {
        tenantId,
        name: server.name.trim(),
        metadata: metadata as Record<string, string>,
        flavorId: parseRef(server.flavorRef, 'server.flavorRef'),
        imageId: image?.id ?? imageRef,
        imageUuid: image?.uuid ?? imageRef,
      };
    } catch {
      return undefined;
    }
  }
}
