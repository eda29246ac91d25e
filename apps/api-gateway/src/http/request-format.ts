// Remembers, per request, the format a `.json`/`.xml` suffix asked for (the suffix is cut off
// the URL before routing), and answers which format the response must use.

import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { type ApiFormat, formatFromAccept, stripFormatSuffix } from './api-format';

const SUFFIX_FORMAT = Symbol('suffixFormat');

type WithSuffix = IncomingMessage & { [SUFFIX_FORMAT]?: ApiFormat };

/** For Fastify's `rewriteUrl`: strips the suffix and keeps what it asked for. */
export function rewriteFormatSuffix(raw: IncomingMessage): string {
  const { url, format } = stripFormatSuffix(raw.url ?? '/');
  (raw as WithSuffix)[SUFFIX_FORMAT] = format;
  return url;
}

export function responseFormat(request: FastifyRequest): ApiFormat {
  return (request.raw as WithSuffix)[SUFFIX_FORMAT] ?? formatFromAccept(request.headers.accept);
}
