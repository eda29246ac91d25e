// The append-only event log on Postgres: append with optimistic concurrency, read one stream,
// and read the global log in commit order without ever skipping a late-committing writer.
// Emmett's and message-db's Postgres stores are the models; docs/event-store.md explains it.

import { randomUUID } from 'node:crypto';
import type { DatabaseError } from 'pg';
import type { EventMetadata, ExpectedVersion, NewEvent, RecordedEvent } from '@app/contracts';
import { InvalidAppendError, WrongExpectedVersionError } from './errors';
import { EVENTS_PER_TRANSACTION } from './event-store.schema';
import { quoteIdent } from './identifiers';
import type { SqlDb, SqlTx } from './sql';
import { Upcasters, type Upcaster } from './upcasters';

export interface EventStoreOptions {
  /** Schema holding the log (`event_store` by default). */
  schema?: string;
  /** Upcasters applied to every event read. */
  upcasters?: readonly Upcaster[];
  /**
   * Called after an append commits (at once, or when the caller's transaction commits): how
   * the relay learns there is something to publish without polling. See event-store.module.ts.
   */
  onCommitted?: () => void;
  /** Called once per append after it commits, with the stream and its events' types (metrics). */
  onAppended?: (stream: string, types: readonly string[]) => void;
}

export interface AppendResult {
  /** The stream's version after the append: the version to expect next time. */
  nextExpectedVersion: number;
  /** Positions of the appended events, in order. */
  positions: string[];
  eventIds: string[];
}

interface EventRow {
  position: string;
  event_id: string;
  stream_name: string;
  stream_version: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: string;
}

// recorded_at leaves Postgres already in JavaScript's ISO format: parsing a Date per row and
// printing it again cost a tenth of a replay.
const COLUMNS = `position, event_id, stream_name, stream_version, type, schema_version, data, metadata,
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at`;
const UNIQUE_VIOLATION = '23505';

export class PostgresEventStore {
  readonly schema: string;
  private readonly upcasters: Upcasters;
  private readonly onCommitted?: () => void;
  private readonly onAppended?: (stream: string, types: readonly string[]) => void;
  private readonly sql: { append: string; readStream: string; readAll: string; version: string; head: string };

  constructor(
    private readonly db: SqlDb,
    options: EventStoreOptions = {},
  ) {
    this.schema = options.schema ?? 'event_store';
    this.upcasters = new Upcasters(options.upcasters);
    const t = `${quoteIdent(this.schema)}.events`;
    this.onCommitted = options.onCommitted;
    this.onAppended = options.onAppended;
    // One statement: the stream's current version, the transaction's next free positions,
    // the version check and the insert. The unique (stream_name, stream_version) constraint
    // makes the loser of a race fail instead of both writing version n+1.
    const append = `
      WITH tx AS (SELECT pg_current_xact_id() AS xid, pg_current_xact_id()::text::bigint * ${EVENTS_PER_TRANSACTION} AS base),
      used AS (SELECT coalesce(max(e.position), tx.base) AS last FROM tx LEFT JOIN ${t} e
                 ON e.position > tx.base AND e.position < tx.base + ${EVENTS_PER_TRANSACTION} GROUP BY tx.base),
      cur AS (SELECT coalesce(max(stream_version), 0) AS v FROM ${t} WHERE stream_name = $1)
      INSERT INTO ${t} (position, transaction_id, event_id, stream_name, stream_version, type, schema_version, data, metadata)
      SELECT used.last + i.ord, tx.xid, i.id, $1, cur.v + i.ord, i.type, i.sv, i.data, $6::jsonb
        FROM tx, used, cur,
             unnest($2::uuid[], $3::text[], $4::smallint[], $5::jsonb[]) WITH ORDINALITY AS i(id, type, sv, data, ord)
       WHERE $7::int IS NULL OR cur.v = $7::int
      RETURNING position, stream_version, event_id`;
    this.sql = {
      append,
      version: `SELECT coalesce(max(stream_version), 0) AS v FROM ${t} WHERE stream_name = $1`,
      head: `SELECT coalesce(max(position), 0)::text AS p FROM ${t}`,
      readStream: `SELECT ${COLUMNS} FROM ${t} WHERE stream_name = $1 AND stream_version >= $2 ORDER BY stream_version LIMIT $3`,
      // Only transactions older than every running one (xid < xmin of our snapshot) are read:
      // they have all finished, and no transaction that starts later can get a smaller xid, so
      // no position can ever appear below what this returns. Since a position is its
      // transaction's xid * 2^20 + n, that is a range on the primary key. See docs/decisions/0001.
      readAll: `SELECT ${COLUMNS} FROM ${t}
                 WHERE position > $1 AND position < pg_snapshot_xmin(pg_current_snapshot())::text::bigint * ${EVENTS_PER_TRANSACTION}
                 ORDER BY position LIMIT $2`,
    };
  }

  /**
   * Appends events to a stream in one transaction (the caller's, if `tx` is given).
   * `expectedVersion` is the stream's current version (0 for a new stream), or `any`.
   */
  async append(
    stream: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
    metadata: EventMetadata,
    tx?: SqlTx,
  ): Promise<AppendResult> {
    this.checkAppend(stream, expectedVersion, events);
    const ids = events.map((e) => e.eventId ?? randomUUID());
    const params: unknown[] = [
      stream,
      ids,
      events.map((e) => e.type),
      events.map((e) => e.schemaVersion ?? 1),
      events.map((e) => JSON.stringify(e.data ?? null)),
      JSON.stringify(metadata),
      expectedVersion === 'any' ? null : expectedVersion,
    ];
    const sql = this.sql.append;
    let rows: { position: string; stream_version: number }[];
    for (let attempt = 1; ; attempt++) {
      try {
        rows = (tx ? await tx.query(sql, params) : await this.db.query(sql, params)).rows as never;
        break;
      } catch (error) {
        const translated = this.translate(error, stream, expectedVersion);
        // With `any`, losing a race only means another writer took the next version: try again,
        // unless the caller's transaction is now aborted.
        const retry = expectedVersion === 'any' && !tx && translated instanceof WrongExpectedVersionError && attempt < 10;
        if (!retry) throw translated;
      }
    }
    if (rows.length === 0) {
      const actual = await this.currentVersion(stream, tx);
      throw new WrongExpectedVersionError(stream, expectedVersion, actual);
    }
    if (this.onCommitted) {
      if (!tx) this.onCommitted();
      else tx.afterCommit?.(this.onCommitted);
    }
    if (this.onAppended) {
      const appended = () => this.onAppended?.(stream, events.map((e) => e.type));
      if (!tx) appended();
      else tx.afterCommit?.(appended);
    }
    return {
      nextExpectedVersion: rows[rows.length - 1].stream_version,
      positions: rows.map((r) => r.position),
      eventIds: ids,
    };
  }

  /** The stream's current version: 0 when it has no events. */
  async currentVersion(stream: string, tx?: SqlTx): Promise<number> {
    const { rows } = await (tx ?? this.db).query<{ v: number }>(this.sql.version, [stream]);
    return rows[0].v;
  }

  /**
   * The highest position committed so far ('0' for an empty log). readAll may still hold back
   * below it while older transactions run: a reader that must see everything up to now (a
   * replay) reads until it reaches this.
   */
  async headPosition(tx?: SqlTx): Promise<string> {
    const { rows } = await (tx ?? this.db).query<{ p: string }>(this.sql.head);
    return rows[0].p;
  }

  /** Events of one stream from `fromVersion` (1 = the beginning), in version order. */
  async readStream(stream: string, fromVersion = 1, maxCount = 100_000, tx?: SqlTx): Promise<RecordedEvent[]> {
    const { rows } = await (tx ?? this.db).query<EventRow>(this.sql.readStream, [stream, fromVersion, maxCount]);
    return rows.map((r) => this.toRecorded(r));
  }

  /**
   * Up to `maxCount` events of the global log after `afterPosition` ('0' = the beginning), in
   * position order, from committed transactions only, never passing a position that a
   * still-running transaction could fill in below.
   */
  async readAll(afterPosition: string | bigint = '0', maxCount = 1000, tx?: SqlTx): Promise<RecordedEvent[]> {
    const { rows } = await (tx ?? this.db).query<EventRow>(this.sql.readAll, [String(afterPosition), maxCount]);
    return rows.map((r) => this.toRecorded(r));
  }

  /** Applies the configured upcasters to an event received from elsewhere (JetStream). */
  upcast<E extends RecordedEvent>(event: E): E {
    return this.upcasters.apply(event);
  }

  private toRecorded(r: EventRow): RecordedEvent {
    return this.upcasters.apply({
      eventId: r.event_id,
      streamName: r.stream_name,
      streamVersion: r.stream_version,
      position: r.position,
      type: r.type,
      schemaVersion: r.schema_version,
      data: r.data,
      metadata: r.metadata,
      recordedAt: r.recorded_at,
    });
  }

  private checkAppend(stream: string, expectedVersion: ExpectedVersion, events: readonly NewEvent[]): void {
    if (!/^[a-z][a-z0-9]*-.+$/.test(stream)) {
      throw new InvalidAppendError(`stream name '${stream}' is not of the form category-id`);
    }
    if (events.length === 0) throw new InvalidAppendError(`append to '${stream}' has no events`);
    if (events.length >= EVENTS_PER_TRANSACTION) {
      throw new InvalidAppendError(`append to '${stream}' has ${events.length} events; at most ${EVENTS_PER_TRANSACTION - 1}`);
    }
    if (expectedVersion !== 'any' && !(Number.isInteger(expectedVersion) && expectedVersion >= 0)) {
      throw new InvalidAppendError(`expected version must be 'any' or an integer >= 0, got ${expectedVersion}`);
    }
    for (const e of events) {
      if (!/^[A-Z][A-Za-z0-9]*$/.test(e.type)) throw new InvalidAppendError(`event type '${e.type}' is not PascalCase`);
    }
  }

  private translate(error: unknown, stream: string, expectedVersion: ExpectedVersion): unknown {
    const pg = error as DatabaseError;
    if (pg?.code === UNIQUE_VIOLATION && pg.constraint === 'events_stream_version_key') {
      return new WrongExpectedVersionError(stream, expectedVersion, undefined, { cause: error });
    }
    if (pg?.code === UNIQUE_VIOLATION && pg.constraint === 'events_event_id_key') {
      return new InvalidAppendError(`an event with one of these ids is already in the log (${pg.detail ?? ''})`);
    }
    return error;
  }
}
