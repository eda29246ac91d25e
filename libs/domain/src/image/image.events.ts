// The facts of an image's life, one stream per image (`image-<uuid>`). Public images are
// registered; snapshots are requested from a server, then completed or failed (every action is
// two facts); metadata is set, item by item or as a whole; images are deleted. Type names are
// permanent once stored. Timestamps are ISO-8601 strings that came in with the command.

import type { ImageStatus } from './image-status';

/**
 * A metadata value. Users set strings; the public images keep the JSON types the spec's
 * List Images Detail example shows (`"min_ram": 0`, `"owner": null`).
 */
export type ImageMetadataValue = string | number | null;
export type ImageMetadata = Record<string, ImageMetadataValue>;

/** A public image (no tenant: visible to everyone), as the operator provides it. */
export interface ImageRegistered {
  type: 'ImageRegistered';
  data: { imageId: string; name: string; status: ImageStatus; metadata: ImageMetadata; createdAt: string; updatedAt: string };
}

/** A tenant asked for a snapshot of one of its servers: the image exists, SAVING. */
export interface ImageSnapshotRequested {
  type: 'ImageSnapshotRequested';
  data: { imageId: string; name: string; tenantId: string; serverId: string; metadata: Record<string, string>; requestedAt: string };
}

/** The snapshot's disk is written: ACTIVE. */
export interface ImageSnapshotCompleted {
  type: 'ImageSnapshotCompleted';
  data: { completedAt: string };
}

/** The snapshot could not be written: ERROR, with the reason. */
export interface ImageSnapshotFailed {
  type: 'ImageSnapshotFailed';
  data: { reason: string; failedAt: string };
}

/** The whole metadata is now `metadata` (after a merge or a replace). */
export interface ImageMetadataSet {
  type: 'ImageMetadataSet';
  data: { metadata: ImageMetadata; at: string };
}

/** One metadata item was created or changed. */
export interface ImageMetadataItemSet {
  type: 'ImageMetadataItemSet';
  data: { key: string; value: string; at: string };
}

/** One metadata item was removed. */
export interface ImageMetadataItemDeleted {
  type: 'ImageMetadataItemDeleted';
  data: { key: string; at: string };
}

/** The image is gone: DELETED. */
export interface ImageDeleted {
  type: 'ImageDeleted';
  data: { at: string };
}

export type ImageEvent =
  | ImageRegistered
  | ImageSnapshotRequested
  | ImageSnapshotCompleted
  | ImageSnapshotFailed
  | ImageMetadataSet
  | ImageMetadataItemSet
  | ImageMetadataItemDeleted
  | ImageDeleted;

export type ImageEventType = ImageEvent['type'];

export const IMAGE_EVENT_TYPES: readonly ImageEventType[] = [
  'ImageRegistered',
  'ImageSnapshotRequested',
  'ImageSnapshotCompleted',
  'ImageSnapshotFailed',
  'ImageMetadataSet',
  'ImageMetadataItemSet',
  'ImageMetadataItemDeleted',
  'ImageDeleted',
];

export function isImageEvent(event: { type: string }): event is ImageEvent {
  return (IMAGE_EVENT_TYPES as readonly string[]).includes(event.type);
}
