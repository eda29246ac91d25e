// The shell around a pure decider, the same for every aggregate and every app that writes to
// it: 1 read the stream, 2 fold it into state, 3 decide, 4 append with the expected version
// (and let the caller write its own rows in the same transaction), 5 return what happened.
// A concurrent writer makes step 4 fail; without a caller's transaction all steps run again
// from a fresh read (never an overwrite); inside a caller's transaction the conflict is thrown,
// and the caller's retry (a consumer's redelivery) starts over.

import { randomUUID } from 'node:crypto';
import type { EventMetadata, NewEvent, RecordedEvent } from '@app/contracts';
import { InvalidAppendError, WrongExpectedVersionError } from './errors';
import type { PostgresEventStore } from './postgres-event-store';
import type { SqlDb, SqlTx } from './sql';

export interface Decider<C, E extends { type: string; data: unknown }, S> {
  initialState(): S;
  evolve(state: S, event: E): S;
  /** The events the command leads to (possibly none), or throws the domain's refusal. */
  decide(command: C, state: S): E[];
  /** Is this stored event one of the aggregate's (not a type a newer app wrote)? */
  isEvent(event: { type: string }): boolean;
}

export interface DecisionContext {
  correlationId: string;
  causationId?: string;
  tenantId?: string;
  /** The tenant named from the state the command leads to, when the caller cannot know it first (used when `tenantId` is absent). */
  tenantOf?: (after: unknown) => string | null | undefined;
  /** Fixed ids for the new events (idempotent writes); random when absent. */
  eventIds?: string[];
}

export interface Decision<E, S> {
  /** The state before the command. */
  before: S;
  /** The state after the new events. */
  after: S;
  /** The events appended, as recorded (empty when the decider chose none). */
  recorded: RecordedEvent[];
  events: E[];
}

export interface RunOptions {
  /** Append in this transaction (no retry on conflict: the caller retries). */
  tx?: SqlTx;
  /** Runs in the append's transaction after it, e.g. an inline projection or a claim. */
  afterAppend?: (tx: SqlTx, recorded: RecordedEvent[]) => Promise<void>;
}

const ATTEMPTS = 10;

export class DeciderRunner<C, E extends { type: string; data: unknown }, S> {
  constructor(
    private readonly decider: Decider<C, E, S>,
    private readonly store: PostgresEventStore,
    private readonly db: SqlDb,
    /** The app that writes: `metadata.producer` of every event. */
    private readonly producer: string,
  ) {}

  /** The current state of a stream (the fold of its events), and its version. */
  async load(stream: string, tx?: SqlTx): Promise<{ state: S; version: number; events: RecordedEvent[] }> {
    const recorded = await this.store.readStream(stream, 1, 100_000, tx);
    const version = recorded.length === 0 ? 0 : recorded[recorded.length - 1].streamVersion;
    const state = recorded
      .filter((e) => this.decider.isEvent(e))
      .reduce((s, e) => this.decider.evolve(s, { type: e.type, data: e.data } as E), this.decider.initialState());
    return { state, version, events: recorded };
  }

  async run(stream: string, command: C, context: DecisionContext, options: RunOptions = {}): Promise<Decision<E, S>> {
    for (let attempt = 1; ; attempt++) {
      const { state, version } = await this.load(stream, options.tx);
      const events = this.decider.decide(command, state);
      const after = events.reduce((s, e) => this.decider.evolve(s, e), state);
      if (events.length === 0) return { before: state, after, recorded: [], events };
      const metadata: EventMetadata = { correlationId: context.correlationId, producer: this.producer };
      if (context.causationId) metadata.causationId = context.causationId;
      const tenantId = context.tenantId ?? context.tenantOf?.(after);
      if (tenantId) metadata.tenantId = tenantId;
      const toAppend: NewEvent[] = events.map((e, i) => ({ eventId: context.eventIds?.[i] ?? randomUUID(), type: e.type, data: e.data }));
      const write = async (tx: SqlTx): Promise<RecordedEvent[]> => {
        const result = await this.store.append(stream, version, toAppend, metadata, tx);
        const recorded = toAppend.map((e, i) => ({
          eventId: result.eventIds[i],
          streamName: stream,
          streamVersion: version + i + 1,
          position: result.positions[i],
          type: e.type,
          schemaVersion: 1,
          data: e.data,
          metadata,
          // Projections read no recordedAt; the log's own is set by the database.
          recordedAt: new Date(0).toISOString(),
        }));
        if (options.afterAppend) await options.afterAppend(tx, recorded);
        return recorded;
      };
      if (options.tx) return { before: state, after, recorded: await write(options.tx), events };
      try {
        const recorded = await this.db.transaction(write);
        return { before: state, after, recorded, events };
      } catch (error) {
        if (attempt < ATTEMPTS && isConcurrentWrite(error)) continue;
        throw error;
      }
    }
  }
}

/** Another writer appended first: a stale version, or (for fixed event ids) the same event. */
export function isConcurrentWrite(error: unknown): boolean {
  return error instanceof WrongExpectedVersionError || (error instanceof InvalidAppendError && /already in the log/.test(error.message));
}
