// Writes a fault in the client's format (spec 3.11): `{"itemNotFound": {"code", "message",
// "details"}}` or `<itemNotFound code="404" xmlns="..."><message/><details/></itemNotFound>`.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComputeFault } from './faults';
import { responseFormat } from './request-format';
import { el, renderXml } from './xml/xml-element';

export function sendFault(request: FastifyRequest, reply: FastifyReply, fault: ComputeFault): void {
  reply.status(fault.code);
  for (const [name, value] of Object.entries(fault.headers)) reply.header(name, value);
  if (responseFormat(request) === 'xml') {
    const root = el('', { code: fault.code }, el('message', {}, fault.message), fault.details !== undefined && el('details', {}, fault.details));
    reply.type('application/xml; charset=UTF-8').send(renderXml({ ...root, name: fault.element }, { atom: false }));
    return;
  }
  const body: Record<string, unknown> = { code: fault.code, message: fault.message };
  if (fault.details !== undefined) body.details = fault.details;
  reply.type('application/json; charset=UTF-8').send(JSON.stringify({ [fault.element]: body }));
}
