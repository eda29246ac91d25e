// The shapes of the requests an agent answers, checked as they arrive over NATS: a message that
// does not match its contract is INVALID_REQUEST naming the field, never a crash.

import { type ConsoleOutputRequest, InvalidComputeRequestError, type SetHostStateRequest } from '@app/contracts';

type Fields = Record<string, unknown>;

const TEXT = /^[^\p{Cc}]{1,255}$/u;

function fields(data: unknown): Fields {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new InvalidComputeRequestError(`the request must be an object, got ${JSON.stringify(data)}`);
  return data as Fields;
}

function text(f: Fields, field: string): string {
  const value = f[field];
  if (typeof value !== 'string' || !TEXT.test(value)) throw new InvalidComputeRequestError(`${field} must be 1 to 255 characters without control characters, got ${JSON.stringify(value)}`);
  return value;
}

/** `length`: lines from the end; absent, null or -1 for all of them (Nova's -1), 0 for none. */
export function consoleOutputRequest(data: unknown): ConsoleOutputRequest {
  const f = fields(data);
  const length = f.length;
  const request: ConsoleOutputRequest = { serverId: text(f, 'serverId'), correlationId: text(f, 'correlationId') };
  if (length === undefined || length === null || length === -1) return request;
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
    throw new InvalidComputeRequestError(`length must be an integer of 0 or more (or -1 for all), got ${JSON.stringify(length)}`);
  }
  return { ...request, length };
}

export function setHostStateRequest(data: unknown): SetHostStateRequest {
  const f = fields(data);
  if (typeof f.up !== 'boolean') throw new InvalidComputeRequestError(`up must be true or false, got ${JSON.stringify(f.up)}`);
  const request: SetHostStateRequest = { host: text(f, 'host'), up: f.up, correlationId: text(f, 'correlationId') };
  return f.reason === undefined || f.reason === null ? request : { ...request, reason: text(f, 'reason') };
}
