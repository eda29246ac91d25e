// The image aggregate as a decider: `initialState()`, `evolve(state, event)` and
// `decide(command, state) -> events`, pure. Rebuilding an image is
// `events.reduce(evolveImage, initialImageState())`.

import type { ImageCommand } from './image.commands';
import type { ImageEvent, ImageMetadata } from './image.events';
import { IMAGE_ALLOWED_STATES, type ImageStateName } from './image-allowed-states';
import { ImageAlreadyExistsError, ImageMetadataKeyNotFoundError, ImageNotFoundError, InvalidImageStateError } from './image.errors';
import { checkMetadataCount, checkMetadataItem, checkMetadataItems } from './image-metadata.rules';
import type { ImageStatus } from './image-status';

export interface NoImage {
  status: 'NONE';
}

export interface Image {
  status: ImageStatus;
  imageId: string;
  name: string;
  /** null for a public image. */
  tenantId: string | null;
  /** The server a snapshot was taken of; null for a public image. */
  serverId: string | null;
  metadata: ImageMetadata;
}

export type ImageState = NoImage | Image;

export function initialImageState(): ImageState {
  return { status: 'NONE' };
}

export function evolveImage(state: ImageState, event: ImageEvent): ImageState {
  switch (event.type) {
    case 'ImageRegistered': {
      const { imageId, name, status, metadata } = event.data;
      return { status, imageId, name, tenantId: null, serverId: null, metadata: { ...metadata } };
    }
    case 'ImageSnapshotRequested': {
      const { imageId, name, tenantId, serverId, metadata } = event.data;
      return { status: 'SAVING', imageId, name, tenantId, serverId, metadata: { ...metadata } };
    }
    case 'ImageSnapshotCompleted':
      return state.status === 'NONE' ? state : { ...state, status: 'ACTIVE' };
    case 'ImageSnapshotFailed':
      return state.status === 'NONE' ? state : { ...state, status: 'ERROR' };
    case 'ImageMetadataSet':
      return state.status === 'NONE' ? state : { ...state, metadata: { ...event.data.metadata } };
    case 'ImageMetadataItemSet':
      return state.status === 'NONE' ? state : { ...state, metadata: { ...state.metadata, [event.data.key]: event.data.value } };
    case 'ImageMetadataItemDeleted': {
      if (state.status === 'NONE') return state;
      const { [event.data.key]: _removed, ...metadata } = state.metadata;
      return { ...state, metadata };
    }
    case 'ImageDeleted':
      return state.status === 'NONE' ? state : { ...state, status: 'DELETED' };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

function checkAllowed(command: ImageCommand, state: ImageState): void {
  const current: ImageStateName = state.status;
  if (IMAGE_ALLOWED_STATES[command.type].includes(current)) return;
  if (current === 'NONE') throw new ImageNotFoundError(command.type);
  if (IMAGE_ALLOWED_STATES[command.type].includes('NONE')) throw new ImageAlreadyExistsError(command.type);
  throw new InvalidImageStateError(command.type, current);
}

/** The image once the allowed-state check has passed for a command that needs one. */
function existing(state: ImageState): Image {
  if (state.status === 'NONE') throw new Error('unreachable: the allowed-state table requires an image');
  return state;
}

export function decideImage(command: ImageCommand, state: ImageState): ImageEvent[] {
  checkAllowed(command, state);
  switch (command.type) {
    case 'RegisterPublicImage': {
      const { imageId, name, status, metadata, createdAt, updatedAt } = command;
      return [{ type: 'ImageRegistered', data: { imageId, name, status, metadata, createdAt, updatedAt } }];
    }
    case 'BeginSnapshot': {
      const { imageId, name, tenantId, serverId, metadata, now } = command;
      checkMetadataItems(metadata);
      checkMetadataCount(metadata, command.maxMetadataItems);
      return [{ type: 'ImageSnapshotRequested', data: { imageId, name, tenantId, serverId, metadata, requestedAt: now } }];
    }
    case 'CompleteSnapshot':
      return [{ type: 'ImageSnapshotCompleted', data: { completedAt: command.now } }];
    case 'FailSnapshot':
      return [{ type: 'ImageSnapshotFailed', data: { reason: command.reason, failedAt: command.now } }];
    case 'UpdateImageMetadata':
    case 'ReplaceImageMetadata': {
      checkMetadataItems(command.metadata);
      const base = command.type === 'UpdateImageMetadata' ? existing(state).metadata : {};
      const metadata = { ...base, ...command.metadata };
      checkMetadataCount(metadata, command.maxMetadataItems);
      return [{ type: 'ImageMetadataSet', data: { metadata, at: command.now } }];
    }
    case 'SetImageMetadataItem': {
      checkMetadataItem(command.key, command.value);
      checkMetadataCount({ ...existing(state).metadata, [command.key]: command.value }, command.maxMetadataItems);
      return [{ type: 'ImageMetadataItemSet', data: { key: command.key, value: command.value, at: command.now } }];
    }
    case 'DeleteImageMetadataItem':
      if (!Object.hasOwn(existing(state).metadata, command.key)) throw new ImageMetadataKeyNotFoundError(command.key);
      return [{ type: 'ImageMetadataItemDeleted', data: { key: command.key, at: command.now } }];
    case 'DeleteImage':
      return [{ type: 'ImageDeleted', data: { at: command.now } }];
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}
