// Writes a controller's Representation in the format the client asked for.

import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Observable, map } from 'rxjs';
import { Representation } from './representation';
import { responseFormat } from './request-format';
import { renderXml } from './xml/xml-element';

@Injectable()
export class RepresentationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    return next.handle().pipe(
      map((result) => {
        if (!(result instanceof Representation)) return result;
        if (responseFormat(request) === 'xml') {
          reply.type('application/xml; charset=UTF-8');
          return renderXml(result.xml(), { atom: result.atom, namespace: result.namespace });
        }
        reply.type('application/json; charset=UTF-8');
        return JSON.stringify(result.json);
      }),
    );
  }
}
