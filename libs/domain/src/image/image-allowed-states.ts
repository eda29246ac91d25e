// Which image command is allowed in which status, as data (Nova's check_instance_state, for
// images). NONE is "no image in this stream yet". `decide` checks this table first; the tests
// walk every row of it.

import type { ImageCommandType } from './image.commands';
import type { ImageStatus } from './image-status';

export type ImageStateName = ImageStatus | 'NONE';

const LIVE: readonly ImageStateName[] = ['UNKNOWN', 'ACTIVE', 'SAVING', 'ERROR'];

export const IMAGE_ALLOWED_STATES: Readonly<Record<ImageCommandType, readonly ImageStateName[]>> = {
  RegisterPublicImage: ['NONE'],
  BeginSnapshot: ['NONE'],
  CompleteSnapshot: ['SAVING'],
  FailSnapshot: ['SAVING'],
  UpdateImageMetadata: LIVE,
  ReplaceImageMetadata: LIVE,
  SetImageMetadataItem: LIVE,
  DeleteImageMetadataItem: LIVE,
  DeleteImage: LIVE,
};

export const IMAGE_STATE_NAMES: readonly ImageStateName[] = ['NONE', 'UNKNOWN', 'ACTIVE', 'SAVING', 'ERROR', 'DELETED'];

export function isImageCommandAllowed(command: ImageCommandType, state: ImageStateName): boolean {
  return IMAGE_ALLOWED_STATES[command].includes(state);
}
