// The one place where anything thrown while handling a request becomes a spec fault. Bad
// input of any kind is a 4xx naming what was wrong; only a real failure is a 500, and it
// never shows a stack trace (that goes to the log, with the request id).

import { type ArgumentsHost, BadRequestException, Catch, type ExceptionFilter, HttpException, NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { WrongExpectedVersionError } from '@app/event-store';
import type { PinoLogger } from '@app/platform';
import { domainFault } from './domain-faults';
import { ComputeFault, Faults } from './faults';
import { sendFault } from './fault.response';
import type { RouteMirror } from './route-mirror';
import { XmlBodyError } from './xml/xml-body';

/** Fastify's own errors for bodies it could not take, by code. */
const FASTIFY_FAULTS: Record<string, (error: Error & { statusCode?: number }, request: FastifyRequest) => ComputeFault> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (_e, r) => Faults.badMediaType(r.headers['content-type']),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => Faults.badRequest('The Content-Length header does not match the body.'),
  FST_ERR_CTP_BODY_TOO_LARGE: () => Faults.overLimit('Request body is too large.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => Faults.badRequest('The request body is empty; a JSON object was expected.'),
  FST_ERR_CTP_INVALID_JSON_BODY: (e) => Faults.badRequest(`Malformed JSON in request body: ${e.message}`),
};

@Catch()
export class FaultFilter implements ExceptionFilter {
  constructor(
    private readonly routes: RouteMirror,
    private readonly log: PinoLogger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    sendFault(request, reply, this.toFault(exception, request));
  }

  private toFault(exception: unknown, request: FastifyRequest): ComputeFault {
    if (exception instanceof ComputeFault) return exception;
    const refused = domainFault(exception);
    if (refused) return refused;
    if (exception instanceof XmlBodyError) return Faults.badRequest(exception.message);
    if (exception instanceof WrongExpectedVersionError) {
      return Faults.conflict('The resource was changed by another request at the same time; retry.');
    }
    const code = (exception as { code?: string })?.code;
    if (code && FASTIFY_FAULTS[code]) return FASTIFY_FAULTS[code](exception as Error, request);
    if (exception instanceof SyntaxError) return Faults.badRequest(`Malformed request body: ${exception.message}`);
    if (exception instanceof NotFoundException && /^Cannot [A-Z]+ /.test(exception.message)) {
      // Nest's answer when no route matched: is it the path or the method?
      const allowed = this.routes.allowedMethods(request.url);
      return allowed.length > 0 ? Faults.badMethod(allowed) : Faults.itemNotFound();
    }
    if (exception instanceof BadRequestException) return Faults.badRequest(exception.message);
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      return new ComputeFault(exception.getStatus(), exception.message);
    }
    const status = (exception as { statusCode?: number })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) return new ComputeFault(status, (exception as Error).message);
    this.log.error({ req_id: request.id, err: exception }, 'unexpected error');
    return Faults.internal();
  }
}
