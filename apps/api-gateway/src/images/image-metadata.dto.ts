// The bodies of the image metadata calls, JSON or XML alike (the XML parser gives the same
// shape): `{"metadata": {"k": "v", ...}}` for the collection and `{"meta": {"k": "v"}}` for
// one item, whose single key must be the URL's. Values must be strings.

import { IsDefined, IsObject } from 'class-validator';
import { Faults } from '../http/faults';
import { keyForMessage } from '@app/domain/image';

export class MetadataBody {
  @IsDefined({ message: 'metadata is required' })
  @IsObject({ message: 'metadata must be an object of keys and values' })
  metadata: Record<string, unknown>;
}

export class MetaBody {
  @IsDefined({ message: 'meta is required' })
  @IsObject({ message: 'meta must be an object with one key and its value' })
  meta: Record<string, unknown>;
}

/** The items, each value a string, else a 400 naming the key. */
export function stringItems(items: Record<string, unknown>, field: 'metadata' | 'meta'): Record<string, string> {
  for (const [key, value] of Object.entries(items)) {
    if (typeof value !== 'string') throw Faults.badRequest(`Invalid input for field '${field}.${keyForMessage(key)}': the value must be a string`);
  }
  return items as Record<string, string>;
}

/** The one item of a `meta` body for `urlKey` (Nova's messages for the two mistakes). */
export function singleItem(body: MetaBody, urlKey: string): string {
  const items = stringItems(body.meta, 'meta');
  const keys = Object.keys(items);
  if (keys.length > 1) throw Faults.badRequest('Request body contains too many items');
  if (keys.length === 0 || keys[0] !== urlKey) throw Faults.badRequest('Request body and URI mismatch');
  return items[urlKey];
}
