// The API's faults (spec 3.11): one error type that carries the HTTP code, the root element
// the spec names for that code, a message for the user and optional details.

/** The fault element for each code, as the spec's table gives it; anything else is cloudServersFault. */
const ELEMENT_BY_CODE: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'inProgress',
  413: 'overLimit',
  415: 'badMediaType',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

export function faultElementFor(code: number): string {
  return ELEMENT_BY_CODE[code] ?? 'cloudServersFault';
}

export class ComputeFault extends Error {
  readonly element: string;
  constructor(
    readonly code: number,
    message: string,
    readonly details?: string,
    /** Extra response headers: Retry-After for overLimit, Allow for badMethod. */
    readonly headers: Record<string, string> = {},
    element?: string,
  ) {
    super(message);
    this.name = 'ComputeFault';
    this.element = element ?? faultElementFor(code);
  }
}

export const Faults = {
  badRequest: (message: string, details?: string) => new ComputeFault(400, message, details),
  unauthorized: (message = 'This server could not verify that you are authorized to access the document you requested.') =>
    new ComputeFault(401, message, undefined, { 'WWW-Authenticate': 'Keystone uri="/v2.0"' }),
  forbidden: (message = 'Policy does not allow this action.') => new ComputeFault(403, message),
  resizeNotAllowed: (message: string) => new ComputeFault(403, message, undefined, {}, 'resizeNotAllowed'),
  itemNotFound: (message = 'The resource could not be found.') => new ComputeFault(404, message),
  badMethod: (allowed: string[]) =>
    new ComputeFault(405, 'The method is not allowed for this resource.', `Allowed: ${allowed.join(', ')}`, { Allow: allowed.join(', ') }),
  inProgress: (message: string) => new ComputeFault(409, message),
  conflict: (message: string) => new ComputeFault(409, message, undefined, {}, 'conflictingRequest'),
  overLimit: (message: string, retryAfterSeconds?: number, details?: string) =>
    new ComputeFault(413, message, details, retryAfterSeconds === undefined ? {} : { 'Retry-After': String(Math.max(0, Math.ceil(retryAfterSeconds))) }),
  badMediaType: (contentType: string | undefined) =>
    new ComputeFault(415, `Unsupported Content-Type${contentType ? ` '${contentType}'` : ''}: use application/json or application/xml.`),
  notImplemented: (message = 'Not implemented.') => new ComputeFault(501, message),
  serviceUnavailable: (message: string) => new ComputeFault(503, message),
  internal: () => new ComputeFault(500, 'The server has either erred or is incapable of performing the requested operation.'),
};
