// The shell around the pure image decider: the shared DeciderRunner (read the stream, fold,
// decide, append with the expected version, retry on a concurrent write) with the images
// projection applied in the append's transaction, so the images tables always agree with the log.

import { StreamCategory, streamName } from '@app/contracts';
import { type ImageCommand, type ImageEvent, type ImageState, decideImage, evolveImage, initialImageState, isImageEvent } from '@app/domain/image';
import { DeciderRunner, type PostgresEventStore, type SqlDb } from '@app/event-store';
import { imageProjection } from './image.projection';

export interface ImageCommandContext {
  /** The API request (`req-<uuid>`) that caused the change: the events' correlation id. */
  requestId: string;
  /** Fixed ids for the new events (idempotent seeding); random when absent. */
  eventIds?: string[];
}

const imageDecider = { initialState: initialImageState, evolve: evolveImage, decide: decideImage, isEvent: isImageEvent };

export class ImageCommandHandler {
  private readonly runner: DeciderRunner<ImageCommand, ImageEvent, ImageState>;

  constructor(
    db: SqlDb,
    store: PostgresEventStore,
    private readonly schema: string,
  ) {
    this.runner = new DeciderRunner(imageDecider, store, db, 'api-gateway');
  }

  async execute(imageUuid: string, command: ImageCommand, context: ImageCommandContext): Promise<ImageState> {
    const { after } = await this.runner.run(
      streamName(StreamCategory.Image, imageUuid),
      command,
      {
        correlationId: context.requestId,
        eventIds: context.eventIds,
        // Public images have no tenant; a snapshot names its tenant.
        tenantOf: (state) => ((state as ImageState).status === 'NONE' ? null : (state as { tenantId?: string | null }).tenantId),
      },
      { afterAppend: async (tx, recorded) => { for (const event of recorded) await imageProjection.apply(tx, this.schema, event); } },
    );
    return after;
  }
}
