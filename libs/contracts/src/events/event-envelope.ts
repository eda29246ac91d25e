// The shape of every event in the log and on the wire: what an app appends, what a consumer receives.

/** Who caused an event and why: carried from the API request through every app that acts on it. */
export interface EventMetadata {
  /** The API request id (`req-<uuid>`) that started the chain of work. */
  correlationId: string;
  /** The id of the event or message that directly caused this one, if any. */
  causationId?: string;
  /** The tenant whose resource this event is about, if any. */
  tenantId?: string;
  /** The app that wrote the event (`api-gateway`, `scheduler`, ...). */
  producer: string;
  [key: string]: unknown;
}

/** An event as a writer hands it to the store: not yet positioned in the log. */
export interface NewEvent<TType extends string = string, TData = unknown> {
  /** Optional caller-chosen id (an idempotency key); a random UUID otherwise. */
  eventId?: string;
  type: TType;
  /** Version of the `data` shape for this type; old events keep the version they were written with. */
  schemaVersion?: number;
  data: TData;
}

/** An event as stored in the log and published to JetStream. */
export interface RecordedEvent<TType extends string = string, TData = unknown> {
  eventId: string;
  streamName: string;
  /** 1 for the first event of a stream, then +1 per event, without gaps. */
  streamVersion: number;
  /**
   * Commit position in the global log. Positions only grow and a reader never sees a
   * position while a lower one can still appear; they are sparse, not consecutive
   * (see docs/decisions/0001-global-log-positions.md). A decimal string, because it can
   * pass 2^53.
   */
  position: string;
  type: TType;
  schemaVersion: number;
  data: TData;
  metadata: EventMetadata;
  /** ISO-8601 time of the append, from the database clock. */
  recordedAt: string;
}

/** The optimistic-concurrency expectation of an append: the stream's current version, or `any`. */
export type ExpectedVersion = number | 'any';

/** `expectedVersion` for a stream that must not exist yet. */
export const NO_STREAM = 0;
