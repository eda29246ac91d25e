// Paginated collections (spec 3.6): `limit` is the page size (at most 1000; more has no
// effect), `marker` the id or UUID of the last item of the previous page (an unknown one is
// 400). A non-integer or negative limit is 400; 0 means "as many as allowed", as in Nova
// (nova/api/openstack/common.py, get_pagination_params and limited).

import { Faults } from './faults';

export const MAX_PAGE_SIZE = 1000;

export type QueryParams = Record<string, string | string[] | undefined>;

/** One query parameter's value; when it is repeated, the last one counts (as webob's GET.get). */
export function queryValue(query: QueryParams | undefined, name: string): string | undefined {
  const value = query?.[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}

export interface PageRequest {
  limit: number;
  marker?: string;
}

export function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return MAX_PAGE_SIZE;
  const text = raw.trim();
  if (!/^[+-]?\d+$/.test(text)) throw Faults.badRequest(`Invalid limit '${raw}': limit param must be an integer`);
  const limit = Number(text);
  if (limit < 0) throw Faults.badRequest(`Invalid limit '${raw}': limit param must be positive`);
  return limit === 0 ? MAX_PAGE_SIZE : Math.min(limit, MAX_PAGE_SIZE);
}

export function parsePageRequest(query: QueryParams | undefined): PageRequest {
  const limit = parseLimit(queryValue(query, 'limit'));
  const marker = queryValue(query, 'marker');
  if (marker === undefined) return { limit };
  if (marker.trim() === '') throw Faults.badRequest('Invalid marker: the marker must not be empty');
  return { limit, marker: marker.trim() };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A resource reference from a URL or a marker: a numeric id or a UUID (anything else neither). */
export type IdOrUuid = { id: string } | { uuid: string } | undefined;

export function idOrUuid(value: string): IdOrUuid {
  if (/^\d{1,18}$/.test(value)) return { id: String(BigInt(value)) };
  if (UUID.test(value)) return { uuid: value.toLowerCase() };
  return undefined;
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The 400 for a marker that names no item of the collection. */
export function markerNotFound(marker: string) {
  return Faults.badRequest(`marker [${marker}] not found`);
}
