// Why an image command was refused: one error class per condition, each with a stable code.
// The gateway maps them to the spec's faults in one place (apps/api-gateway/src/http/domain-faults.ts).

import type { ImageStatus } from './image-status';

/** The image does not exist (its stream is empty). */
export class ImageNotFoundError extends Error {
  readonly code = 'IMAGE_NOT_FOUND';
  constructor(readonly command: string) {
    super(`Cannot '${command}': the image does not exist`);
    this.name = 'ImageNotFoundError';
  }
}

/** Registering or snapshotting into a stream that already holds an image. */
export class ImageAlreadyExistsError extends Error {
  readonly code = 'IMAGE_ALREADY_EXISTS';
  constructor(readonly command: string) {
    super(`Cannot '${command}': the image already exists`);
    this.name = 'ImageAlreadyExistsError';
  }
}

/** The command is not allowed while the image has this status (see image-allowed-states.ts). */
export class InvalidImageStateError extends Error {
  readonly code = 'INVALID_IMAGE_STATE';
  constructor(
    readonly command: string,
    readonly status: ImageStatus,
  ) {
    super(`Cannot '${command}' image while it is ${status}`);
    this.name = 'InvalidImageStateError';
  }
}

/** A metadata key or value breaks the rules (empty key, more than 255 bytes). */
export class InvalidImageMetadataError extends Error {
  readonly code = 'INVALID_IMAGE_METADATA';
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidImageMetadataError';
  }
}

/** The change would leave more metadata items than the limit (maxImageMeta). */
export class ImageMetadataLimitExceededError extends Error {
  readonly code = 'IMAGE_METADATA_LIMIT_EXCEEDED';
  constructor(
    readonly limit: number,
    readonly count: number,
  ) {
    super(`Image metadata limit exceeded: ${count} items, at most ${limit} allowed`);
    this.name = 'ImageMetadataLimitExceededError';
  }
}

/** Deleting a metadata key the image does not have. */
export class ImageMetadataKeyNotFoundError extends Error {
  readonly code = 'IMAGE_METADATA_KEY_NOT_FOUND';
  constructor(readonly key: string) {
    super(`Metadata item '${key}' not found`);
    this.name = 'ImageMetadataKeyNotFoundError';
  }
}
