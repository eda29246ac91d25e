// What can be asked of an image. New ids and the time come in with the command: the decider
// has no clock and draws no random numbers.

import type { ImageMetadata } from './image.events';
import type { ImageStatus } from './image-status';

export interface RegisterPublicImage {
  type: 'RegisterPublicImage';
  imageId: string;
  name: string;
  status: ImageStatus;
  metadata: ImageMetadata;
  createdAt: string;
  updatedAt: string;
}

export interface BeginSnapshot {
  type: 'BeginSnapshot';
  imageId: string;
  tenantId: string;
  serverId: string;
  name: string;
  metadata: Record<string, string>;
  maxMetadataItems: number;
  now: string;
}

export interface CompleteSnapshot {
  type: 'CompleteSnapshot';
  now: string;
}

export interface FailSnapshot {
  type: 'FailSnapshot';
  reason: string;
  now: string;
}

/** POST .../metadata: the given items are added or replace those with the same key. */
export interface UpdateImageMetadata {
  type: 'UpdateImageMetadata';
  metadata: Record<string, string>;
  maxMetadataItems: number;
  now: string;
}

/** PUT .../metadata: the metadata becomes exactly the given items. */
export interface ReplaceImageMetadata {
  type: 'ReplaceImageMetadata';
  metadata: Record<string, string>;
  maxMetadataItems: number;
  now: string;
}

export interface SetImageMetadataItem {
  type: 'SetImageMetadataItem';
  key: string;
  value: string;
  maxMetadataItems: number;
  now: string;
}

export interface DeleteImageMetadataItem {
  type: 'DeleteImageMetadataItem';
  key: string;
  now: string;
}

export interface DeleteImage {
  type: 'DeleteImage';
  now: string;
}

export type ImageCommand =
  | RegisterPublicImage
  | BeginSnapshot
  | CompleteSnapshot
  | FailSnapshot
  | UpdateImageMetadata
  | ReplaceImageMetadata
  | SetImageMetadataItem
  | DeleteImageMetadataItem
  | DeleteImage;

export type ImageCommandType = ImageCommand['type'];
