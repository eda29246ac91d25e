// The relay publishes every committed event to JetStream, in log order, and remembers how far
// it got. Committed-but-unpublished events (a crash between commit and publish) are simply
// the ones past its checkpoint; re-publishing after a crash is harmless because the event id
// is the Nats-Msg-Id and JetStream drops duplicates inside its window.
//
// It wakes when told that an append committed (`wake()`, fed by the append signal on NATS, see
// append-signal.ts) and polls as a fallback, so a lost signal only delays publishing.
//
// One relay per log is active at a time: every app runs one, and they elect a leader with a
// Postgres session advisory lock; when the leader dies its session ends and another takes over.

import { Client } from 'pg';
import type { JetStreamClient } from '@nats-io/jetstream';
import { eventSubject, type RecordedEvent } from '@app/contracts';
import { quoteIdent } from './identifiers';
import type { PostgresEventStore } from './postgres-event-store';
import { encodeEvent } from './wire-format';

export interface RelayLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface EventRelayOptions {
  store: PostgresEventStore;
  /** A Postgres URL for the relay's own session (leader lock and checkpoint). */
  connectionString: string;
  js: JetStreamClient;
  namespace: string;
  /** Checkpoint name (default `default`). */
  name?: string;
  /** Events read per page (default 1000). */
  batchSize?: number;
  /** Publishes awaiting their ack at once (default 256). */
  window?: number;
  /** Look for new events at least this often even without a wake-up (default 250 ms). */
  idlePollMs?: number;
  /** How often a standby tries to become leader (default 2000 ms). */
  leaderRetryMs?: number;
  logger?: RelayLogger;
  /** Called for each event JetStream acknowledged (`duplicate`: it already had it), for metrics. */
  onPublished?: (event: RecordedEvent, duplicate: boolean) => void;
}

export interface RelayStats {
  leader: boolean;
  position: string;
  published: number;
  duplicates: number;
}

const quiet: RelayLogger = { log: () => undefined, warn: () => undefined };

export class EventRelay {
  private readonly o: Required<Omit<EventRelayOptions, 'logger' | 'onPublished'>> & Pick<EventRelayOptions, 'onPublished'> & { logger: RelayLogger };
  private stopped = true;
  private loop?: Promise<void>;
  private wakeIdle?: () => void;
  /** Set by `wake()`; an idle wait that starts after it returns at once. */
  private signalled = false;
  private client?: Client;
  readonly stats: RelayStats = { leader: false, position: '0', published: 0, duplicates: 0 };

  constructor(options: EventRelayOptions) {
    this.o = { name: 'default', batchSize: 1000, window: 256, idlePollMs: 250, leaderRetryMs: 2000, logger: quiet, ...options };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** Something was appended: publish it now rather than at the next poll. */
  wake(): void {
    this.signalled = true;
    this.wakeIdle?.();
  }

  /** Stops after the batch in flight; the checkpoint is saved, the session (and lock) released. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeIdle?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const client = new Client({ connectionString: this.o.connectionString, application_name: `relay:${this.o.name}` });
      this.client = client;
      client.on('error', (e) => this.o.logger.warn(`relay session error: ${e.message}`));
      try {
        await client.connect();
        if (!(await this.becomeLeader(client))) continue;
        this.stats.position = await this.loadCheckpoint(client);
        this.o.logger.log(`relay '${this.o.name}' is leader from position ${this.stats.position}`);
        while (!this.stopped) {
          if ((await this.publishAvailable(client)) === 0) await this.idle(this.o.idlePollMs);
        }
      } catch (error) {
        this.o.logger.warn(`relay '${this.o.name}' failed, retrying: ${(error as Error).message}`);
        if (!this.stopped) await new Promise((r) => setTimeout(r, 500));
      } finally {
        this.stats.leader = false;
        await client.end().catch(() => undefined);
      }
    }
  }

  private async becomeLeader(client: Client): Promise<boolean> {
    while (!this.stopped) {
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [this.lockName()]);
      if (rows[0].ok) return (this.stats.leader = true);
      await this.idle(this.o.leaderRetryMs);
    }
    return false;
  }

  /** Publishes everything readable past the checkpoint; returns how many events it published. */
  private async publishAvailable(client: Client): Promise<number> {
    let total = 0;
    this.signalled = false;
    while (!this.stopped) {
      const events = await this.o.store.readAll(this.stats.position, this.o.batchSize);
      if (events.length === 0) break;
      await this.publish(events);
      const last = events[events.length - 1].position;
      await client.query(
        `INSERT INTO ${this.table()} (name, position, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = now()`,
        [this.o.name, last],
      );
      this.stats.position = last;
      total += events.length;
      if (events.length < this.o.batchSize) break;
    }
    return total;
  }

  /** Asynchronous publishing with a window of unacknowledged messages; throws if any fails. */
  private async publish(events: readonly RecordedEvent[]): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    for (const event of events) {
      if (failure) break;
      const p = this.o.js
        .publish(eventSubject(this.o.namespace, event.streamName, event.type), encodeEvent(event), { msgID: event.eventId, timeout: 10_000 })
        .then((ack) => {
          if (ack.duplicate) this.stats.duplicates++;
          else this.stats.published++;
          this.o.onPublished?.(event, ack.duplicate);
        })
        .catch((error) => {
          failure ??= error;
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= this.o.window) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure) throw failure;
  }

  private async loadCheckpoint(client: Client): Promise<string> {
    const { rows } = await client.query<{ position: string }>(`SELECT position FROM ${this.table()} WHERE name = $1`, [this.o.name]);
    return rows[0]?.position ?? '0';
  }

  private idle(ms: number): Promise<void> {
    if (this.signalled || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeIdle = done;
    });
  }

  private table(): string {
    return `${quoteIdent(this.o.store.schema)}.relay_checkpoints`;
  }

  private lockName(): string {
    return `nova-es:relay:${this.o.store.schema}:${this.o.name}`;
  }
}
