// The rules every metadata item obeys (spec 4.4.7.3 and 4.4.13): keys and values are strings
// of at most 255 bytes, keys are not empty, and an image holds at most `maxImageMeta` items
// (spec 3.8, 50 by default).

import type { ImageMetadata } from './image.events';
import { ImageMetadataLimitExceededError, InvalidImageMetadataError } from './image.errors';

export const MAX_METADATA_KEY_BYTES = 255;
export const MAX_METADATA_VALUE_BYTES = 255;

const encoder = new TextEncoder();
const bytes = (s: string) => encoder.encode(s).length;

/** Shortens a long key for a message, so the message stays readable. */
export function keyForMessage(key: string): string {
  return key.length > 40 ? `${key.slice(0, 37)}...` : key;
}

export function checkMetadataItem(key: string, value: string): void {
  if (key.length === 0) throw new InvalidImageMetadataError(key, 'Metadata item key must not be empty');
  if (bytes(key) > MAX_METADATA_KEY_BYTES) {
    throw new InvalidImageMetadataError(key, `Metadata key '${keyForMessage(key)}' is longer than ${MAX_METADATA_KEY_BYTES} bytes`);
  }
  if (bytes(value) > MAX_METADATA_VALUE_BYTES) {
    throw new InvalidImageMetadataError(key, `Metadata value of key '${keyForMessage(key)}' is longer than ${MAX_METADATA_VALUE_BYTES} bytes`);
  }
}

export function checkMetadataItems(metadata: Record<string, string>): void {
  for (const [key, value] of Object.entries(metadata)) checkMetadataItem(key, value);
}

export function checkMetadataCount(metadata: ImageMetadata, maxItems: number): void {
  const count = Object.keys(metadata).length;
  if (count > maxItems) throw new ImageMetadataLimitExceededError(maxItems, count);
}
