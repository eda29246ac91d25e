// The gateway's HTTP behaviour, set up once before it listens: request ids, the format suffix,
// XML and JSON bodies, faults for everything that goes wrong, 405 for wrong methods, one log
// line per request.

import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyServerOptions } from 'fastify';
import type { PinoLogger } from '@app/platform';
import type { GatewayConfig } from '../config/gateway-config';
import { FaultFilter } from './fault.filter';
import { RepresentationInterceptor } from './representation.interceptor';
import { rewriteFormatSuffix } from './request-format';
import { RouteMirror } from './route-mirror';
import { bodyValidationPipe } from './validation';
import { parseXmlBody } from './xml/xml-body';

export const REQUEST_ID_HEADER = 'x-compute-request-id';

export function gatewayFastifyOptions(config: GatewayConfig): FastifyServerOptions {
  return {
    bodyLimit: config.bodyLimitBytes,
    genReqId: () => `req-${randomUUID()}`,
    requestIdHeader: false,
    // Metadata keys of up to 255 bytes travel in the URL (Fastify's default cap is 100).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1024 },
    rewriteUrl: (raw) => rewriteFormatSuffix(raw),
  };
}

export function configureHttp(app: NestFastifyApplication, log: PinoLogger): void {
  const fastify = app.getHttpAdapter().getInstance();
  const routes = new RouteMirror();
  routes.attach(fastify);

  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    log.info({ req_id: request.id, method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    done();
  });

  // JSON: an empty body is no body (clients send Content-Type on bodiless DELETEs).
  const json = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if ((body as string).trim() === '') return done(null, undefined);
    json(request, body as string, done);
  });
  fastify.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string' }, (_request, body, done) => {
    if ((body as string).trim() === '') return done(null, undefined);
    try {
      done(null, parseXmlBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.useGlobalFilters(new FaultFilter(routes, log));
  app.useGlobalInterceptors(new RepresentationInterceptor());
  app.useGlobalPipes(bodyValidationPipe());
}
