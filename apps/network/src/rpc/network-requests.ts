// The shapes of the requests the network app answers, checked as they arrive over NATS: a
// message that does not match its contract is INVALID_REQUEST naming the field, never a crash.

import {
  type AllocateFixedIpRequest, type AllocateFloatingIpRequest, type AssociateFloatingIpRequest, type DeallocateFloatingIpRequest,
  type DisassociateFloatingIpRequest, type GetFloatingIpRequest, InvalidNetworkRequestError, type ListFloatingIpsRequest,
  type ReleaseServerAddressesRequest,
} from '@app/contracts';
import { InvalidAddressError, parseIpv4 } from '@app/domain';

export type Fields = Record<string, unknown>;

/** A tenant id is text of 1 to 255 characters, without control characters. */
const TENANT = /^[^\p{Cc}]{1,255}$/u;
const SERVER = /^[^\p{Cc}]{1,255}$/u;

export function fields(data: unknown, what = 'the request'): Fields {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new InvalidNetworkRequestError(`${what} must be an object, got ${JSON.stringify(data)}`);
  return data as Fields;
}

export function text(data: Fields, field: string): string {
  const value = data[field];
  if (typeof value !== 'string') throw new InvalidNetworkRequestError(`${field} must be a string, got ${JSON.stringify(value)}`);
  return value;
}

function matching(data: Fields, field: string, pattern: RegExp): string {
  const value = text(data, field);
  if (!pattern.test(value)) throw new InvalidNetworkRequestError(`${field} must be 1 to 255 characters without control characters, got ${JSON.stringify(value)}`);
  return value;
}

function address(data: Fields, field: string): string {
  const value = text(data, field);
  try {
    parseIpv4(value);
  } catch (error) {
    if (error instanceof InvalidAddressError) throw new InvalidNetworkRequestError(`${field}: ${error.message}`);
    throw error;
  }
  return value;
}

export function id(data: Fields, field = 'id'): number {
  const value = data[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw new InvalidNetworkRequestError(`${field} must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}

export const tenant = (f: Fields) => matching(f, 'tenantId', TENANT);
const server = (f: Fields) => matching(f, 'serverId', SERVER);
export const correlation = (f: Fields) => text(f, 'correlationId');

export function allocateFixedIpRequest(data: unknown): AllocateFixedIpRequest {
  const f = fields(data);
  return { tenantId: tenant(f), serverId: server(f), correlationId: correlation(f) };
}

export function allocateFloatingIpRequest(data: unknown): AllocateFloatingIpRequest {
  const f = fields(data);
  const request: AllocateFloatingIpRequest = { tenantId: tenant(f), correlationId: correlation(f) };
  if (f.reservationId !== undefined) request.reservationId = text(f, 'reservationId');
  if (f.autoAssignTo !== undefined) {
    const to = fields(f.autoAssignTo, 'autoAssignTo');
    request.autoAssignTo = { serverId: server(to), fixedIp: address(to, 'fixedIp') };
  }
  return request;
}

export function associateFloatingIpRequest(data: unknown): AssociateFloatingIpRequest {
  const f = fields(data);
  return { tenantId: tenant(f), address: address(f, 'address'), serverId: server(f), fixedIp: address(f, 'fixedIp'), correlationId: correlation(f) };
}

export function disassociateFloatingIpRequest(data: unknown): DisassociateFloatingIpRequest {
  const f = fields(data);
  const request: DisassociateFloatingIpRequest = { tenantId: tenant(f), address: address(f, 'address'), correlationId: correlation(f) };
  if (f.serverId !== undefined) request.serverId = server(f);
  return request;
}

export function deallocateFloatingIpRequest(data: unknown): DeallocateFloatingIpRequest {
  const f = fields(data);
  return { tenantId: tenant(f), id: id(f), correlationId: correlation(f) };
}

export function releaseServerAddressesRequest(data: unknown): ReleaseServerAddressesRequest {
  const f = fields(data);
  return { tenantId: tenant(f), serverId: server(f), correlationId: correlation(f) };
}

export function listFloatingIpsRequest(data: unknown): ListFloatingIpsRequest {
  return { tenantId: tenant(fields(data)) };
}

export function getFloatingIpRequest(data: unknown): GetFloatingIpRequest {
  const f = fields(data);
  return { tenantId: tenant(f), id: id(f) };
}
