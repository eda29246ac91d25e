// The stream of one keypair: `keypair-<uuid>`, where the uuid is a UUIDv5 (RFC 9562, SHA-1
// name-based) of tenant, user and name. A name is free text that may hold characters a stream
// id should not; the UUID is stable, unique per (tenant, user, name) and safe. The name itself
// is in every event's data.

import { createHash } from 'node:crypto';
import { StreamCategory, streamName } from '@app/contracts';
import type { KeypairOwner } from '@app/domain/keypair/keypair.events';

/** This product's namespace for keypair stream ids (a fixed, random UUID). */
export const KEYPAIR_STREAM_NAMESPACE = '6c1f2b8e-4a0d-4f7e-9b53-2d8c1a7e5f90';

/** RFC 9562 UUIDv5 of `name` in `namespace`. */
export function uuidV5(namespace: string, name: string): string {
  const bytes = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `keypair-<uuidv5(tenant, user, name)>`; the parts are joined by NUL, which none may contain. */
export function keypairStream(owner: KeypairOwner): string {
  return streamName(StreamCategory.Keypair, uuidV5(KEYPAIR_STREAM_NAMESPACE, [owner.tenantId, owner.userId, owner.name].join('\u0000')));
}
