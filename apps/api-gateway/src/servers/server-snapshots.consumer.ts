// The second half of createImage: the compute agent writes ServerSnapshotCompleted or
// ServerSnapshotFailed in the server's stream, and this durable consumer ('image-snapshots',
// category 'server') turns the image SAVING into ACTIVE or ERROR through ImageCatalog. Delivery
// is at least once and the image is written in its own transaction, so a repeat is answered by
// the image decider's refusal (the image is no longer SAVING), which counts as done; so does an
// image deleted meanwhile. Run through AppConsumers: started once the app is up, drained
// before NATS and Postgres close.

import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { type RecordedEvent, StreamCategory } from '@app/contracts';
import { ImageNotFoundError, InvalidImageStateError } from '@app/domain/image';
import type { ServerSnapshotCompleted, ServerSnapshotFailed } from '@app/domain/server';
import { AppConsumers, PINO_LOGGER, type PinoLogger } from '@app/platform';
import { ImageCatalog } from '../images/image-catalog.service';

export const IMAGE_SNAPSHOTS_CONSUMER = 'image-snapshots';

/** Applies one server event to the image it finished, if it finished one; repeats and late events change nothing. */
export async function applySnapshotOutcome(catalog: ImageCatalog, event: RecordedEvent, log?: PinoLogger): Promise<void> {
  if (event.type !== 'ServerSnapshotCompleted' && event.type !== 'ServerSnapshotFailed') return;
  const requestId = event.metadata.correlationId;
  try {
    if (event.type === 'ServerSnapshotCompleted') {
      await catalog.completeSnapshot((event.data as ServerSnapshotCompleted['data']).imageUuid, requestId);
    } else {
      const { imageUuid, reason } = event.data as ServerSnapshotFailed['data'];
      await catalog.failSnapshot(imageUuid, reason, requestId);
    }
  } catch (error) {
    if (!(error instanceof InvalidImageStateError || error instanceof ImageNotFoundError)) throw error;
    log?.info({ event: event.eventId, type: event.type, reason: error.message }, 'snapshot outcome already applied or the image is gone');
  }
}

@Injectable()
export class ServerSnapshotsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: AppConsumers,
    private readonly catalog: ImageCatalog,
    @Inject(PINO_LOGGER) private readonly pino: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const log = this.pino.child({ component: IMAGE_SNAPSHOTS_CONSUMER });
    await this.consumers.start({
      name: IMAGE_SNAPSHOTS_CONSUMER,
      category: StreamCategory.Server,
      handle: (event) => applySnapshotOutcome(this.catalog, event, log),
      interestedIn: (event) => event.type === 'ServerSnapshotCompleted' || event.type === 'ServerSnapshotFailed',
    });
  }
}
