// One helper for every durable JetStream consumer of the log. It gives a handler:
//  - at-least-once delivery with explicit acks, bounded redelivery with backoff;
//  - idempotency: the event id is recorded in the same transaction as the handler's writes;
//  - per-stream order: version n+2 arriving before n+1 first applies n+1, read from the log;
//  - poison messages parked in a table (not lost, not blocking the rest), then terminated.
//  - chaos on demand: a message dropped, delayed or handled twice (consumer-faults.ts).

import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { eventFilter, eventsStreamName, type RecordedEvent } from '@app/contracts';
import { inConsumerContext } from './consumer-context';
import { type ConsumerFaultHook, consumerFaultsFor, sleepUnlessAborted } from './consumer-faults';
import { quoteIdent } from './identifiers';
import type { PostgresEventStore } from './postgres-event-store';
import type { RelayLogger } from './event-relay';
import type { SqlDb, SqlTx } from './sql';
import { decodeEvent } from './wire-format';

/** Applies one event inside the consumer's transaction; throwing rolls it back and retries. */
export type EventHandler = (event: RecordedEvent, tx: SqlTx) => Promise<void>;

export interface EventConsumerOptions {
  /** Durable consumer name, also its key in the consumer tables: letters, digits, `-` and `_`. */
  name: string;
  js: JetStreamClient;
  jsm: JetStreamManager;
  namespace: string;
  /** Only events of this stream category (`server`); every event when absent. */
  category?: string;
  /** The app's database and the schema that holds its consumer tables. */
  db: SqlDb;
  schema: string;
  /** The log, to fill in a stream's missing versions. */
  store: PostgresEventStore;
  handle: EventHandler;
  /**
   * Does the handler act on this event? Others are acked without a transaction (and skipped
   * when filling a gap). Most consumers care about a few types of their category: this keeps
   * them from paying a commit per event they would ignore. Every event when absent.
   */
  interestedIn?: (event: RecordedEvent) => boolean;
  /**
   * Runs before the handler's transaction, outside it, at each delivery of an event the handler
   * acts on: work that must not hold a connection (the scheduler's injected wait). Throwing
   * counts as a failed attempt, as the handler throwing does.
   */
  prepare?: (event: RecordedEvent, signal: AbortSignal) => Promise<void>;
  /**
   * Faults to inject per message (bus-fault chaos, consumer-faults.ts); the hook installed for
   * the namespace in this process when absent.
   */
  faults?: ConsumerFaultHook;
  /** Failed attempts before an event is parked (default 5). */
  maxDeliver?: number;
  /** Delay before the next delivery after the n-th failure (default 100, 500, 2000, 5000 ms). */
  backoffMs?: readonly number[];
  /** Messages handled at once (default 8); one stream's events still apply in order. */
  concurrency?: number;
  /** How long JetStream waits for an ack before redelivering (default 10 s: what a killed app held comes back that soon; a second delivery is a duplicate). */
  ackWaitMs?: number;
  logger?: RelayLogger;
}

export interface ConsumerStats {
  applied: number;
  /** Acked without a transaction: a type the handler does not act on. */
  skipped: number;
  duplicates: number;
  gapFilled: number;
  retried: number;
  parked: number;
}

type Outcome = 'applied' | 'duplicate';

/** What JetStream still holds for a consumer: not yet delivered, and delivered but not acked. */
export interface ConsumerLag {
  pending: number;
  ackPending: number;
}

/** Every consumer of this process between start() and stop(), for the metrics (libs/platform). */
const running = new Set<EventConsumer>();

export function runningEventConsumers(): ReadonlySet<EventConsumer> {
  return running;
}

export class EventConsumer {
  readonly stats: ConsumerStats = { applied: 0, skipped: 0, duplicates: 0, gapFilled: 0, retried: 0, parked: 0 };
  private readonly maxDeliver: number;
  private readonly backoffMs: readonly number[];
  private readonly concurrency: number;
  private readonly tables: { processed: string; positions: string; parked: string; failures: string };
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();
  /** Aborted by stop(): waits in hand (an injected delay, a prepare) give their message back. */
  private readonly stopping = new AbortController();

  constructor(private readonly o: EventConsumerOptions) {
    if (!/^[A-Za-z0-9_-]+$/.test(o.name)) throw new Error(`consumer name '${o.name}' may hold only letters, digits, '-' and '_'`);
    this.maxDeliver = o.maxDeliver ?? 5;
    this.backoffMs = o.backoffMs ?? [100, 500, 2000, 5000];
    this.concurrency = o.concurrency ?? 8;
    // Every message waiting on an injected delay listens to it.
    setMaxListeners(0, this.stopping.signal);
    const s = quoteIdent(o.schema);
    this.tables = {
      processed: `${s}.processed_events`,
      positions: `${s}.consumer_stream_positions`,
      parked: `${s}.parked_events`,
      failures: `${s}.consumer_failures`,
    };
  }

  /** Creates (or updates) the durable consumer and starts handling messages. */
  async start(): Promise<void> {
    const stream = eventsStreamName(this.o.namespace);
    const config = {
      durable_name: this.o.name,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: eventFilter(this.o.namespace, this.o.category),
      ack_wait: nanos(this.o.ackWaitMs ?? 10_000),
      // Redelivery is bounded by this helper (it parks), not by the server, which would drop.
      max_deliver: -1,
      max_ack_pending: Math.max(1000, this.concurrency * 4),
    };
    try {
      await this.o.jsm.consumers.info(stream, this.o.name);
      await this.o.jsm.consumers.update(stream, this.o.name, config);
    } catch {
      await this.o.jsm.consumers.add(stream, config);
    }
    const consumer = await this.o.js.consumers.get(stream, this.o.name);
    this.messages = await consumer.consume({ max_messages: Math.max(16, this.concurrency * 2) });
    this.loop = this.run(this.messages);
    running.add(this);
  }

  get name(): string {
    return this.o.name;
  }

  /** How far behind the log this consumer is, as JetStream counts it right now. */
  async lag(): Promise<ConsumerLag> {
    const info = await this.o.jsm.consumers.info(eventsStreamName(this.o.namespace), this.o.name);
    return { pending: info.num_pending, ackPending: info.num_ack_pending };
  }

  /** Stops fetching, lets the messages in hand finish, and returns; unacked ones are redelivered later. */
  async stop(): Promise<void> {
    running.delete(this);
    this.stopping.abort();
    this.messages?.stop();
    await this.loop;
    await Promise.all(this.inFlight);
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    for await (const m of messages) {
      while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
      const p = this.process(m).finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }
  }

  private async process(m: JsMsg): Promise<void> {
    let event: RecordedEvent;
    try {
      event = this.o.store.upcast(decodeEvent(m.data));
    } catch (error) {
      return this.parkUnreadable(m, error);
    }
    return inConsumerContext(event, () => this.processEvent(m, event));
  }

  private async processEvent(m: JsMsg, event: RecordedEvent): Promise<void> {
    if (this.o.interestedIn && !this.o.interestedIn(event)) {
      m.ack();
      this.stats.skipped++;
      return;
    }
    const fault = (this.o.faults ?? consumerFaultsFor(this.o.namespace))?.(this.o.name, event, m.info?.deliveryCount ?? 1);
    if (fault?.drop) {
      m.nak(fault.redeliverMs ?? 250);
      return;
    }
    if (fault?.delayMs && !(await this.whileWorking(m, (signal) => sleepUnlessAborted(fault.delayMs!, signal)))) return;
    if (fault?.duplicate) await this.handleOnce(event).catch(() => undefined);
    try {
      if (this.o.prepare && !(await this.whileWorking(m, (signal) => this.o.prepare!(event, signal)))) return;
      const outcome = await this.o.db.transaction((tx) => this.apply(tx, event));
      m.ack();
      if (outcome === 'duplicate') this.stats.duplicates++;
    } catch (error) {
      await this.onFailure(m, event, error);
    }
  }

  /** An injected duplicate: the message handled once more before its real handling (which then finds it a duplicate). */
  private async handleOnce(event: RecordedEvent): Promise<void> {
    const outcome = await this.o.db.transaction((tx) => this.apply(tx, event));
    if (outcome === 'duplicate') this.stats.duplicates++;
  }

  /**
   * Waits for `work` (outside any transaction), telling JetStream the message is being worked on
   * so a long wait is not redelivered meanwhile. False when the consumer stopped during the
   * wait: the message is given back (nak) for another replica, or the next start.
   */
  private async whileWorking(m: JsMsg, work: (signal: AbortSignal) => Promise<void>): Promise<boolean> {
    const timer = setInterval(() => m.working(), 5000);
    try {
      await work(this.stopping.signal);
      return true;
    } catch (error) {
      if (!this.stopping.signal.aborted) throw error;
      m.nak();
      return false;
    } finally {
      clearInterval(timer);
    }
  }

  /** Steps, in one transaction: lock the stream's position, skip a duplicate, fill a gap, apply. */
  private async apply(tx: SqlTx, event: RecordedEvent): Promise<Outcome> {
    const { name } = this.o;
    const applied = await lockStreamPosition(tx, this.tables.positions, name, event.streamName);
    if (event.streamVersion <= applied) return 'duplicate';
    if (event.streamVersion > applied + 1) {
      const missing = await this.o.store.readStream(event.streamName, applied + 1, event.streamVersion - applied - 1, tx);
      const parked = await this.parkedIds(tx, event.streamName);
      for (const earlier of missing) {
        if (parked.has(earlier.eventId)) continue;
        if (this.o.interestedIn && !this.o.interestedIn(earlier)) continue;
        if (await this.applyOne(tx, earlier)) this.stats.gapFilled++;
      }
    }
    const fresh = await this.applyOne(tx, event);
    await tx.query(`UPDATE ${this.tables.positions} SET stream_version = $3 WHERE consumer = $1 AND stream_name = $2`, [name, event.streamName, event.streamVersion]);
    return fresh ? 'applied' : 'duplicate';
  }

  /** Runs the handler unless the event id is already recorded; true if it ran. */
  private async applyOne(tx: SqlTx, event: RecordedEvent): Promise<boolean> {
    const { rowCount } = await tx.query(`INSERT INTO ${this.tables.processed} (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [this.o.name, event.eventId]);
    if (rowCount === 0) return false;
    try {
      await this.o.handle(event, tx);
    } catch (error) {
      throw new HandlerFailure(event, error);
    }
    this.stats.applied++;
    return true;
  }

  private async parkedIds(tx: SqlTx, stream: string): Promise<Set<string>> {
    const { rows } = await tx.query<{ event_id: string }>(`SELECT event_id FROM ${this.tables.parked} WHERE consumer = $1 AND stream_name = $2`, [this.o.name, stream]);
    return new Set(rows.map((r) => r.event_id));
  }

  /**
   * Counts a failed attempt against the event that failed (which, while filling a gap, is an
   * earlier event of the stream, not the message in hand), parks that event once it has
   * failed `maxDeliver` times, and has JetStream deliver the message in hand again later.
   */
  private async onFailure(m: JsMsg, event: RecordedEvent, error: unknown): Promise<void> {
    const failed = error instanceof HandlerFailure ? error.event : event;
    const cause = error instanceof HandlerFailure ? error.cause : error;
    try {
      const attempts = await this.countAttempt(failed, cause);
      if (attempts < this.maxDeliver) {
        this.stats.retried++;
        m.nak(this.backoffMs[Math.min(attempts - 1, this.backoffMs.length - 1)]);
        return;
      }
      await this.park({ event: failed, subject: m.subject, payload: JSON.stringify(failed), error: cause, attempts });
      if (failed === event) m.term(`parked: ${(cause as Error)?.message ?? cause}`);
      else m.nak(this.backoffMs[0]);
    } catch (bookkeeping) {
      // Could not even count or park (database down?): leave it to JetStream to deliver again.
      this.o.logger?.warn(`consumer '${this.o.name}' could not record a failure: ${(bookkeeping as Error).message}`);
      m.nak(this.backoffMs[this.backoffMs.length - 1]);
    }
  }

  /** A message that is not an event at all is parked at once: no retry can fix it. */
  private async parkUnreadable(m: JsMsg, error: unknown): Promise<void> {
    const id = m.headers?.get('Nats-Msg-Id') ?? '';
    try {
      await this.park({ eventId: /^[0-9a-f-]{36}$/i.test(id) ? id : randomUUID(), subject: m.subject, payload: new TextDecoder().decode(m.data), error, attempts: m.info.deliveryCount });
      m.term('parked: not an event envelope');
    } catch (bookkeeping) {
      this.o.logger?.warn(`consumer '${this.o.name}' could not park message ${m.seq}: ${(bookkeeping as Error).message}`);
      m.nak(this.backoffMs[this.backoffMs.length - 1]);
    }
  }

  private async countAttempt(event: RecordedEvent, error: unknown): Promise<number> {
    const { rows } = await this.o.db.query<{ attempts: number }>(
      `INSERT INTO ${this.tables.failures} (consumer, event_id, attempts, last_error) VALUES ($1, $2, 1, $3)
       ON CONFLICT (consumer, event_id) DO UPDATE SET attempts = ${this.tables.failures}.attempts + 1, last_error = excluded.last_error, failed_at = now()
       RETURNING attempts`,
      [this.o.name, event.eventId, String((error as Error)?.message ?? error)],
    );
    return rows[0].attempts;
  }

  /** Records a parked message, and moves its stream's position past it when it was the next one. */
  private async park(p: { event?: RecordedEvent; eventId?: string; subject: string; payload: string; error: unknown; attempts: number }): Promise<void> {
    const { event } = p;
    const fresh = await this.o.db.transaction(async (tx) => {
      const { rowCount } = await tx.query(
        `INSERT INTO ${this.tables.parked} (consumer, event_id, stream_name, stream_version, type, subject, payload, error, delivery_count)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
        [this.o.name, event?.eventId ?? p.eventId, event?.streamName ?? null, event?.streamVersion ?? null, event?.type ?? null,
          p.subject, p.payload, String((p.error as Error)?.stack ?? p.error), p.attempts],
      );
      if (event) {
        await tx.query(`INSERT INTO ${this.tables.positions} (consumer, stream_name, stream_version) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING`, [this.o.name, event.streamName]);
        await tx.query(
          `UPDATE ${this.tables.positions} SET stream_version = $3 WHERE consumer = $1 AND stream_name = $2 AND stream_version = $3 - 1`,
          [this.o.name, event.streamName, event.streamVersion],
        );
      }
      return (rowCount ?? 0) > 0;
    });
    // The same event can be parked from two deliveries (its own, and a later event's gap fill).
    if (!fresh) return;
    this.stats.parked++;
    this.o.logger?.warn(`consumer '${this.o.name}' parked ${event ? `${event.type} ${event.streamName}@${event.streamVersion}` : `a message on ${p.subject}`}: ${(p.error as Error)?.message ?? p.error}`);
  }
}

/** A handler threw for `event` (possibly an earlier event applied to fill a gap). */
class HandlerFailure extends Error {
  constructor(readonly event: RecordedEvent, override readonly cause: unknown) {
    super(`handler failed on ${event.type} ${event.streamName}@${event.streamVersion}: ${(cause as Error)?.message ?? cause}`);
  }
}

/**
 * Locks a consumer's position row for a stream (creating it at 0) and returns the version it
 * has applied, in one statement: an upsert locks the row it finds or inserts, like FOR UPDATE.
 */
export async function lockStreamPosition(tx: SqlTx, table: string, consumer: string, stream: string): Promise<number> {
  const { rows } = await tx.query<{ stream_version: number }>(
    `INSERT INTO ${table} AS p (consumer, stream_name, stream_version) VALUES ($1, $2, 0)
     ON CONFLICT (consumer, stream_name) DO UPDATE SET stream_version = p.stream_version
     RETURNING stream_version`,
    [consumer, stream],
  );
  return rows[0].stream_version;
}
