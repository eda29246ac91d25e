// The shell around the pure image decider: 1 read the stream, 2 rebuild the state, 3 decide,
// 4 append with the expected version and apply the images projection in the same
// transaction, 5 return the new state. A concurrent writer makes step 4 fail; then all steps
// run again from a fresh read (never an overwrite).

import { randomUUID } from 'node:crypto';
import { type EventMetadata, type NewEvent, type RecordedEvent, StreamCategory, streamName } from '@app/contracts';
import { type ImageCommand, type ImageEvent, type ImageState, decideImage, evolveImage, initialImageState, isImageEvent } from '@app/domain/image';
import { InvalidAppendError, type PostgresEventStore, type SqlDb, WrongExpectedVersionError } from '@app/event-store';
import { imageProjection } from './image.projection';

const ATTEMPTS = 10;

export interface ImageCommandContext {
  /** The API request (`req-<uuid>`) that caused the change: the events' correlation id. */
  requestId: string;
  /** Fixed ids for the new events (idempotent seeding); random when absent. */
  eventIds?: string[];
}

export class ImageCommandHandler {
  constructor(
    private readonly db: SqlDb,
    private readonly store: PostgresEventStore,
    private readonly schema: string,
  ) {}

  async execute(imageUuid: string, command: ImageCommand, context: ImageCommandContext): Promise<ImageState> {
    const stream = streamName(StreamCategory.Image, imageUuid);
    for (let attempt = 1; ; attempt++) {
      // 1. Read the stream.
      const recorded = await this.store.readStream(stream);
      const version = recorded.length === 0 ? 0 : recorded[recorded.length - 1].streamVersion;
      // 2. Rebuild the state.
      const state = recorded.filter(isImageEvent).map(asImageEvent).reduce(evolveImage, initialImageState());
      // 3. Decide (throws the domain's refusal).
      const events = decideImage(command, state);
      const newState = events.reduce(evolveImage, state);
      const metadata: EventMetadata = { correlationId: context.requestId, producer: 'api-gateway' };
      const tenantId = newState.status === 'NONE' ? null : newState.tenantId;
      if (tenantId) metadata.tenantId = tenantId;
      // 4. Append with the expected version, and project in the same transaction.
      try {
        await this.appendAndProject(stream, version, events, metadata, context.eventIds);
      } catch (error) {
        if (attempt < ATTEMPTS && isConcurrentWrite(error)) continue;
        throw error;
      }
      // 5. Return the new state.
      return newState;
    }
  }

  private async appendAndProject(stream: string, version: number, events: ImageEvent[], metadata: EventMetadata, eventIds?: string[]): Promise<void> {
    const toAppend: NewEvent[] = events.map((e, i) => ({ eventId: eventIds?.[i] ?? randomUUID(), type: e.type, data: e.data }));
    await this.db.transaction(async (tx) => {
      const result = await this.store.append(stream, version, toAppend, metadata, tx);
      for (const [i, e] of events.entries()) {
        const event: RecordedEvent = {
          eventId: result.eventIds[i],
          streamName: stream,
          streamVersion: version + i + 1,
          position: result.positions[i],
          type: e.type,
          schemaVersion: 1,
          data: e.data,
          metadata,
          // The projection reads no recordedAt; the log's own is set by the database.
          recordedAt: new Date(0).toISOString(),
        };
        await imageProjection.apply(tx, this.schema, event);
      }
    });
  }
}

function asImageEvent(event: RecordedEvent): ImageEvent {
  return { type: event.type, data: event.data } as ImageEvent;
}

/** Another writer appended first: a stale version, or (for fixed event ids) the same event. */
function isConcurrentWrite(error: unknown): boolean {
  return error instanceof WrongExpectedVersionError || (error instanceof InvalidAppendError && /already in the log/.test(error.message));
}
