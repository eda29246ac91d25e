// The query of GET /flavors and /flavors/detail: minRam and minDisk filters (integers, else
// 400 naming the parameter, as Nova's "Invalid minRam filter [x]") and limit/marker paging.

import { Faults } from '../http/faults';
import { type PageRequest, type QueryParams, parsePageRequest, queryValue } from '../http/pagination';

export interface FlavorQuery {
  minRam?: number;
  minDisk?: number;
  page: PageRequest;
}

function integerFilter(query: QueryParams | undefined, name: 'minRam' | 'minDisk'): number | undefined {
  const raw = queryValue(query, name);
  if (raw === undefined) return undefined;
  if (!/^[+-]?\d{1,9}$/.test(raw.trim())) throw Faults.badRequest(`Invalid ${name} filter [${raw}]: ${name} must be an integer`);
  return Number(raw.trim());
}

export function parseFlavorQuery(query: QueryParams | undefined): FlavorQuery {
  return { minRam: integerFilter(query, 'minRam'), minDisk: integerFilter(query, 'minDisk'), page: parsePageRequest(query) };
}
