// The image decider as given/when/then: given the events so far, when a command, then the new
// events or the refusal. Every row of the allowed-state table has a test.

import type { ImageCommand, ImageCommandType } from './image.commands';
import type { ImageEvent } from './image.events';
import { IMAGE_ALLOWED_STATES, IMAGE_STATE_NAMES, type ImageStateName } from './image-allowed-states';
import { decideImage, evolveImage, initialImageState } from './image.decider';
import {
  ImageAlreadyExistsError, ImageMetadataKeyNotFoundError, ImageMetadataLimitExceededError, ImageNotFoundError, InvalidImageMetadataError, InvalidImageStateError,
} from './image.errors';
import { imageProgress } from './image-status';

const now = '2012-10-03T04:46:42.000Z';
const later = '2012-10-03T04:48:25.000Z';

function given(events: ImageEvent[]) {
  const state = events.reduce(evolveImage, initialImageState());
  return {
    state,
    when: (command: ImageCommand) => ({
      then: (expected: ImageEvent[]) => expect(decideImage(command, state)).toEqual(expected),
      thenThrows: (error: new (...args: never[]) => Error, message?: RegExp) => {
        expect(() => decideImage(command, state)).toThrow(error);
        if (message) expect(() => decideImage(command, state)).toThrow(message);
      },
    }),
  };
}

const requested: ImageEvent = {
  type: 'ImageSnapshotRequested',
  data: { imageId: '100001', name: 'image-1', tenantId: 't1', serverId: 'b1f5c2a4-0000-4000-8000-000000000001', metadata: { 'key-1': 'value-1' }, requestedAt: now },
};
const registered: ImageEvent = {
  type: 'ImageRegistered',
  data: { imageId: '120', name: 'Ubuntu', status: 'ACTIVE', metadata: { min_ram: 0, owner: null, arch: 'amd64' }, createdAt: now, updatedAt: now },
};
const completed: ImageEvent = { type: 'ImageSnapshotCompleted', data: { completedAt: later } };
const failed: ImageEvent = { type: 'ImageSnapshotFailed', data: { reason: 'disk full', failedAt: later } };
const deleted: ImageEvent = { type: 'ImageDeleted', data: { at: later } };

/** Events that leave the image in each state. */
const HISTORY: Record<ImageStateName, ImageEvent[]> = {
  NONE: [],
  UNKNOWN: [{ ...registered, data: { ...registered.data, status: 'UNKNOWN' } } as ImageEvent],
  ACTIVE: [registered],
  SAVING: [requested],
  ERROR: [requested, failed],
  DELETED: [registered, deleted],
};

/** One valid command of each type. */
const COMMANDS: Record<ImageCommandType, ImageCommand> = {
  RegisterPublicImage: { type: 'RegisterPublicImage', imageId: '120', name: 'Ubuntu', status: 'ACTIVE', metadata: {}, createdAt: now, updatedAt: now },
  BeginSnapshot: { type: 'BeginSnapshot', imageId: '100001', tenantId: 't1', serverId: 's1', name: 'image-1', metadata: {}, maxMetadataItems: 50, now },
  CompleteSnapshot: { type: 'CompleteSnapshot', now },
  FailSnapshot: { type: 'FailSnapshot', reason: 'x', now },
  UpdateImageMetadata: { type: 'UpdateImageMetadata', metadata: { a: '1' }, maxMetadataItems: 50, now },
  ReplaceImageMetadata: { type: 'ReplaceImageMetadata', metadata: { a: '1' }, maxMetadataItems: 50, now },
  SetImageMetadataItem: { type: 'SetImageMetadataItem', key: 'a', value: '1', maxMetadataItems: 50, now },
  DeleteImageMetadataItem: { type: 'DeleteImageMetadataItem', key: 'arch', now },
  DeleteImage: { type: 'DeleteImage', now },
};

describe('image decider: the allowed-state table', () => {
  for (const type of Object.keys(IMAGE_ALLOWED_STATES) as ImageCommandType[]) {
    for (const stateName of IMAGE_STATE_NAMES) {
      const allowed = IMAGE_ALLOWED_STATES[type].includes(stateName);
      it(`${type} in ${stateName}: ${allowed ? 'allowed' : 'refused'}`, () => {
        const history = HISTORY[stateName];
        let command = COMMANDS[type];
        // DeleteImageMetadataItem needs a key the image has; snapshots in SAVING/ERROR have key-1.
        if (type === 'DeleteImageMetadataItem' && (stateName === 'SAVING' || stateName === 'ERROR')) command = { ...command, key: 'key-1' } as ImageCommand;
        const { state } = given(history);
        if (allowed) {
          expect(decideImage(command, state).length).toBe(1);
        } else {
          const expected = stateName === 'NONE' ? ImageNotFoundError : IMAGE_ALLOWED_STATES[type].includes('NONE') ? ImageAlreadyExistsError : InvalidImageStateError;
          expect(() => decideImage(command, state)).toThrow(expected);
        }
      });
    }
  }
});

describe('image decider', () => {
  describe('no image yet', () => {
    it('registers a public image', () => {
      given([]).when(COMMANDS.RegisterPublicImage).then([
        { type: 'ImageRegistered', data: { imageId: '120', name: 'Ubuntu', status: 'ACTIVE', metadata: {}, createdAt: now, updatedAt: now } },
      ]);
    });
    it('begins a snapshot: SAVING, linked to the server, owned by the tenant', () => {
      const command: ImageCommand = { ...COMMANDS.BeginSnapshot, metadata: { 'key-1': 'value-1' } } as ImageCommand;
      given([]).when(command).then([
        { type: 'ImageSnapshotRequested', data: { imageId: '100001', name: 'image-1', tenantId: 't1', serverId: 's1', metadata: { 'key-1': 'value-1' }, requestedAt: now } },
      ]);
      const state = evolveImage(initialImageState(), decideImage(command, initialImageState())[0]);
      expect(state).toEqual({ status: 'SAVING', imageId: '100001', name: 'image-1', tenantId: 't1', serverId: 's1', metadata: { 'key-1': 'value-1' } });
      expect(imageProgress('SAVING')).toBe(25);
    });
    it('refuses a snapshot whose metadata breaks the rules', () => {
      given([]).when({ ...COMMANDS.BeginSnapshot, metadata: { ['k'.repeat(256)]: 'v' } } as ImageCommand).thenThrows(InvalidImageMetadataError, /longer than 255 bytes/);
      const many = Object.fromEntries(Array.from({ length: 3 }, (_, i) => [`k${i}`, 'v']));
      given([]).when({ ...COMMANDS.BeginSnapshot, metadata: many, maxMetadataItems: 2 } as ImageCommand).thenThrows(ImageMetadataLimitExceededError);
    });
    it('refuses anything else: the image does not exist', () => {
      given([]).when(COMMANDS.DeleteImage).thenThrows(ImageNotFoundError);
    });
  });

  describe('SAVING', () => {
    it('completes the snapshot: ACTIVE', () => {
      given([requested]).when({ type: 'CompleteSnapshot', now: later }).then([completed]);
      expect([requested, completed].reduce(evolveImage, initialImageState()).status).toBe('ACTIVE');
    });
    it('fails the snapshot: ERROR, with the reason', () => {
      given([requested]).when({ type: 'FailSnapshot', reason: 'disk full', now: later }).then([failed]);
      expect([requested, failed].reduce(evolveImage, initialImageState()).status).toBe('ERROR');
    });
    it('refuses a second snapshot into the same stream', () => {
      given([requested]).when(COMMANDS.BeginSnapshot).thenThrows(ImageAlreadyExistsError);
    });
  });

  describe('ACTIVE', () => {
    it('merges metadata on update (POST): the event carries the whole result', () => {
      given([registered]).when({ type: 'UpdateImageMetadata', metadata: { arch: 'x86_64', b: '2' }, maxMetadataItems: 50, now: later }).then([
        { type: 'ImageMetadataSet', data: { metadata: { min_ram: 0, owner: null, arch: 'x86_64', b: '2' }, at: later } },
      ]);
    });
    it('replaces metadata on PUT', () => {
      given([registered]).when({ type: 'ReplaceImageMetadata', metadata: { b: '2' }, maxMetadataItems: 50, now: later }).then([
        { type: 'ImageMetadataSet', data: { metadata: { b: '2' }, at: later } },
      ]);
    });
    it('counts the limit after the change: a merge over the limit is refused, a replace under it is not', () => {
      const three = { x: '1', y: '2', z: '3' };
      given([registered]).when({ type: 'UpdateImageMetadata', metadata: three, maxMetadataItems: 5, now }).thenThrows(ImageMetadataLimitExceededError, /6 items, at most 5/);
      given([registered]).when({ type: 'ReplaceImageMetadata', metadata: three, maxMetadataItems: 3, now }).then([{ type: 'ImageMetadataSet', data: { metadata: three, at: now } }]);
    });
    it('sets one item, and refuses a new one past the limit but not a change of an existing one', () => {
      given([registered]).when({ type: 'SetImageMetadataItem', key: 'k', value: 'v', maxMetadataItems: 50, now }).then([{ type: 'ImageMetadataItemSet', data: { key: 'k', value: 'v', at: now } }]);
      given([registered]).when({ type: 'SetImageMetadataItem', key: 'k', value: 'v', maxMetadataItems: 3, now }).thenThrows(ImageMetadataLimitExceededError);
      given([registered]).when({ type: 'SetImageMetadataItem', key: 'arch', value: 'v', maxMetadataItems: 3, now }).then([{ type: 'ImageMetadataItemSet', data: { key: 'arch', value: 'v', at: now } }]);
    });
    it('refuses an empty key, and a key or value over 255 bytes (counted in bytes, not characters)', () => {
      given([registered]).when({ type: 'SetImageMetadataItem', key: '', value: 'v', maxMetadataItems: 50, now }).thenThrows(InvalidImageMetadataError, /must not be empty/);
      given([registered]).when({ type: 'SetImageMetadataItem', key: 'k', value: 'é'.repeat(128), maxMetadataItems: 50, now }).thenThrows(InvalidImageMetadataError, /value of key 'k'/);
      given([registered]).when({ type: 'SetImageMetadataItem', key: 'k', value: 'v'.repeat(255), maxMetadataItems: 50, now }).then([{ type: 'ImageMetadataItemSet', data: { key: 'k', value: 'v'.repeat(255), at: now } }]);
      given([registered]).when({ type: 'UpdateImageMetadata', metadata: { ['k'.repeat(256)]: 'v' }, maxMetadataItems: 50, now }).thenThrows(InvalidImageMetadataError, /Metadata key 'k+\.\.\.'/);
    });
    it('deletes an item it has, and refuses one it does not have', () => {
      given([registered]).when({ type: 'DeleteImageMetadataItem', key: 'owner', now }).then([{ type: 'ImageMetadataItemDeleted', data: { key: 'owner', at: now } }]);
      given([registered]).when({ type: 'DeleteImageMetadataItem', key: 'nope', now }).thenThrows(ImageMetadataKeyNotFoundError);
      const state = [registered, { type: 'ImageMetadataItemDeleted', data: { key: 'owner', at: now } } as ImageEvent].reduce(evolveImage, initialImageState());
      expect(state.status !== 'NONE' && state.metadata).toEqual({ min_ram: 0, arch: 'amd64' });
    });
    it('deletes the image: DELETED', () => {
      given([registered]).when({ type: 'DeleteImage', now: later }).then([deleted]);
      expect([registered, deleted].reduce(evolveImage, initialImageState()).status).toBe('DELETED');
    });
    it('refuses to complete a snapshot that is not SAVING', () => {
      given([requested, completed]).when({ type: 'CompleteSnapshot', now }).thenThrows(InvalidImageStateError, /Cannot 'CompleteSnapshot' image while it is ACTIVE/);
    });
  });

  describe('DELETED', () => {
    it('refuses metadata changes and a second delete', () => {
      given([registered, deleted]).when(COMMANDS.SetImageMetadataItem).thenThrows(InvalidImageStateError, /while it is DELETED/);
      given([registered, deleted]).when(COMMANDS.UpdateImageMetadata).thenThrows(InvalidImageStateError);
      given([registered, deleted]).when(COMMANDS.DeleteImage).thenThrows(InvalidImageStateError);
    });
    it('refuses to complete a snapshot deleted while SAVING', () => {
      given([requested, deleted]).when({ type: 'CompleteSnapshot', now }).thenThrows(InvalidImageStateError, /while it is DELETED/);
    });
  });
});
