// The snapshot outcome consumer completes or fails the image named by the server's event; a
// repeat (the image is no longer SAVING) or an image deleted meanwhile changes nothing, and any
// other failure is thrown so that the consumer retries.

import type { RecordedEvent } from '@app/contracts';
import { ImageNotFoundError, InvalidImageStateError } from '@app/domain/image';
import type { ImageCatalog } from '../images/image-catalog.service';
import { applySnapshotOutcome } from './server-snapshots.consumer';

const IMAGE = '3f1c4d2e-0000-4000-8000-00000000beef';

function event(type: string, data: Record<string, unknown>): RecordedEvent {
  return {
    eventId: 'e1', streamName: 'server-s1', streamVersion: 5, position: '9', type, schemaVersion: 1, data,
    metadata: { correlationId: 'req-1', producer: 'compute-agent' }, recordedAt: new Date(0).toISOString(),
  } as unknown as RecordedEvent;
}

/** Records what the consumer asked of the catalog, and fails as told. */
function catalog(fail?: Error) {
  const calls: string[] = [];
  const answer = async (call: string) => {
    calls.push(call);
    if (fail) throw fail;
  };
  const fake = {
    completeSnapshot: (uuid: string, requestId: string) => answer(`complete ${uuid} ${requestId}`),
    failSnapshot: (uuid: string, reason: string, requestId: string) => answer(`fail ${uuid} ${reason} ${requestId}`),
  } as unknown as ImageCatalog;
  return { fake, calls };
}

describe('applySnapshotOutcome', () => {
  it('completes the image on ServerSnapshotCompleted and fails it on ServerSnapshotFailed, with the correlation id', async () => {
    const { fake, calls } = catalog();
    await applySnapshotOutcome(fake, event('ServerSnapshotCompleted', { imageUuid: IMAGE, at: 't' }));
    await applySnapshotOutcome(fake, event('ServerSnapshotFailed', { imageUuid: IMAGE, reason: 'disk full', at: 't' }));
    expect(calls).toEqual([`complete ${IMAGE} req-1`, `fail ${IMAGE} disk full req-1`]);
  });

  it('ignores every other server event', async () => {
    const { fake, calls } = catalog();
    await applySnapshotOutcome(fake, event('ServerSnapshotRequested', { imageUuid: IMAGE }));
    expect(calls).toEqual([]);
  });

  it('counts a refusal of the image decider as done: a repeat, or an image deleted meanwhile', async () => {
    await expect(applySnapshotOutcome(catalog(new InvalidImageStateError('CompleteSnapshot', 'ACTIVE')).fake, event('ServerSnapshotCompleted', { imageUuid: IMAGE }))).resolves.toBeUndefined();
    await expect(applySnapshotOutcome(catalog(new InvalidImageStateError('FailSnapshot', 'DELETED')).fake, event('ServerSnapshotFailed', { imageUuid: IMAGE, reason: 'x' }))).resolves.toBeUndefined();
    await expect(applySnapshotOutcome(catalog(new ImageNotFoundError('CompleteSnapshot')).fake, event('ServerSnapshotCompleted', { imageUuid: IMAGE }))).resolves.toBeUndefined();
  });

  it('throws anything else, so the consumer retries', async () => {
    await expect(applySnapshotOutcome(catalog(new Error('connection lost')).fake, event('ServerSnapshotCompleted', { imageUuid: IMAGE }))).rejects.toThrow('connection lost');
  });
});
