// The second half of createImage: the compute agent writes ServerSnapshotCompleted or
// ServerSnapshotFailed in the server's stream, and this durable consumer ('image-snapshots',
// category 'server') turns the image SAVING into ACTIVE or ERROR through ImageCatalog. Delivery
// is at least once and the image is written in its own transaction, so a repeat is answered by
// the image decider's refusal (the image is no longer SAVING), which counts as done; so does an
// image deleted meanwhile. Started once the app is up, drained before NATS and Postgres close.

import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { type RecordedEvent, StreamCategory } from '@app/contracts';
import { ImageNotFoundError, InvalidImageStateError } from '@app/domain/image';
import type { ServerSnapshotCompleted, ServerSnapshotFailed } from '@app/domain/server';
import { EventConsumer, PostgresEventStore, type SqlDb, ensureEventsStream } from '@app/event-store';
import { APP_DB, NATS_CONNECTION, PINO_LOGGER, PlatformConfig, type NatsConnection, type PinoLogger } from '@app/platform';
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
export class ServerSnapshotsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer?: EventConsumer;

  constructor(
    @Inject(APP_DB) private readonly db: SqlDb,
    private readonly store: PostgresEventStore,
    private readonly config: PlatformConfig,
    private readonly catalog: ImageCatalog,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(PINO_LOGGER) private readonly pino: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    await ensureEventsStream(jsm, this.config.natsNamespace);
    const log = this.pino.child({ component: IMAGE_SNAPSHOTS_CONSUMER });
    this.consumer = new EventConsumer({
      name: IMAGE_SNAPSHOTS_CONSUMER,
      category: StreamCategory.Server,
      js: jetstream(this.nc),
      jsm,
      namespace: this.config.natsNamespace,
      db: this.db,
      schema: this.config.appSchema,
      store: this.store,
      handle: (event) => applySnapshotOutcome(this.catalog, event, log),
      interestedIn: (event) => event.type === 'ServerSnapshotCompleted' || event.type === 'ServerSnapshotFailed',
      logger: { log: (m) => log.info(m), warn: (m) => log.warn(m) },
    });
    await this.consumer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}
