// What every app's HTTP server reports about itself: each request runs in its request context
// (so every log line it causes carries `req_id`), and is counted and timed on /metrics by
// method, route pattern (`/v1.1/:tenant_id/servers/:server_id`, never the raw URL, which would
// make one series per server) and status code.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, Histogram, type Registry } from 'prom-client';
import { type RequestContext, runInRequestContext } from '../logging/request-context';

/** The route label of a request no route matched (404, 405): one series, whatever the URL. */
export const UNMATCHED_ROUTE = '(unmatched)';

const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Labels = 'method' | 'route' | 'status';

export interface HttpMetrics {
  requests: Counter<Labels>;
  duration: Histogram<Labels>;
}

const CONTEXT = Symbol('requestContext');
type WithContext = FastifyRequest & { [CONTEXT]?: RequestContext };

function routeOf(request: FastifyRequest): string {
  return request.routeOptions?.url ?? UNMATCHED_ROUTE;
}

/** The HTTP request metrics on `registry` (once per registry). */
export function httpMetrics(registry: Registry): HttpMetrics {
  const existing = registry.getSingleMetric('nova_http_requests_total');
  if (existing) {
    return { requests: existing as Counter<Labels>, duration: registry.getSingleMetric('nova_http_request_duration_seconds') as Histogram<Labels> };
  }
  return {
    requests: new Counter({ name: 'nova_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status code', labelNames: ['method', 'route', 'status'], registers: [registry] }),
    duration: new Histogram({
      name: 'nova_http_request_duration_seconds',
      help: 'Time from receiving an HTTP request to the end of its response, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS_SECONDS,
      registers: [registry],
    }),
  };
}

/** Installs the request context and the request metrics on a Fastify instance, before it is ready. */
export function observeHttp(fastify: FastifyInstance, registry: Registry): void {
  const metrics = httpMetrics(registry);
  fastify.addHook('onRequest', (request, _reply, done) => {
    const context: RequestContext = { reqId: request.id };
    (request as WithContext)[CONTEXT] = context;
    runInRequestContext(context, done);
  });
  // Body parsing continues from the socket's callbacks, outside the context: enter it again
  // before validation and the handler (as @fastify/request-context does).
  fastify.addHook('preValidation', (request, _reply, done) => {
    const context = (request as WithContext)[CONTEXT];
    if (context) runInRequestContext(context, done);
    else done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const labels = { method: request.method, route: routeOf(request), status: String(reply.statusCode) };
    metrics.requests.inc(labels);
    metrics.duration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
}
