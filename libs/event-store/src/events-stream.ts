// The JetStream stream that carries the log's events: created or updated at start by every
// app (idempotent), with a de-duplication window wide enough to absorb a relay restart.

import { nanos } from '@nats-io/transport-node';
import { DiscardPolicy, RetentionPolicy, StorageType, type JetStreamManager, type StreamInfo } from '@nats-io/jetstream';
import { eventFilter, eventsStreamName } from '@app/contracts';

export interface EventsStreamOptions {
  /** How long JetStream remembers message ids for de-duplication (default 10 minutes). */
  duplicateWindowMs?: number;
  /** How long events stay in JetStream (default 7 days; the log in Postgres keeps them for ever). */
  maxAgeMs?: number;
}

export async function ensureEventsStream(jsm: JetStreamManager, namespace: string, options: EventsStreamOptions = {}): Promise<StreamInfo> {
  const config = {
    name: eventsStreamName(namespace),
    subjects: [eventFilter(namespace)],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(options.duplicateWindowMs ?? 10 * 60_000),
    max_age: nanos(options.maxAgeMs ?? 7 * 24 * 3600_000),
  };
  try {
    await jsm.streams.info(config.name);
    return await jsm.streams.update(config.name, config);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      return await jsm.streams.add(config);
    } catch (raced) {
      // Another app created it between our info and add.
      if (String((raced as Error).message).includes('already in use')) return jsm.streams.info(config.name);
      throw raced;
    }
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { code?: unknown; message?: string; api_error?: { err_code?: number } };
  return e?.api_error?.err_code === 10059 || /not found/i.test(e?.message ?? '');
}
