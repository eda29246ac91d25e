// The scheduler's two durable consumers. Every replica runs both; each event goes to one replica.
//  - 'scheduler-hosts' (category host): host events into compute_hosts;
//  - 'scheduler' (category server): ServerCreateRequested -> a decision; ServerBuildFailed and
//    ServerDeleted -> the claim released (ServerSchedulingFailed holds none, nothing to do).

import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { type RecordedEvent, StreamCategory } from '@app/contracts';
import type { ServerCreateRequested } from '@app/domain/server';
import { EventConsumer, type EventConsumerOptions, type PostgresEventStore, type RelayLogger, type SqlDb, type SqlTx } from '@app/event-store';
import type { CreateRequest } from './behaviours/scheduling-behaviours';
import type { ReleaseClaimHandler } from './claims/release-claim.handler';
import type { ComputeHostsProjection } from './hosts/compute-hosts.projection';
import type { ScheduleServerHandler } from './scheduling/schedule-server.handler';

export const HOSTS_CONSUMER = 'scheduler-hosts';
export const SCHEDULER_CONSUMER = 'scheduler';

export interface SchedulerConsumerOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  namespace: string;
  db: SqlDb;
  schema: string;
  store: PostgresEventStore;
  logger?: RelayLogger;
  /** Decisions at once in this replica (SCHEDULER_CONCURRENCY). */
  concurrency: number;
  /** Retry tuning (the helper's defaults when absent). */
  retries?: Pick<EventConsumerOptions, 'maxDeliver' | 'backoffMs'>;
}

export function hostsConsumer(o: SchedulerConsumerOptions, projection: ComputeHostsProjection): EventConsumer {
  const { js, jsm, namespace, db, schema, store, logger, retries } = o;
  return new EventConsumer({ name: HOSTS_CONSUMER, category: StreamCategory.Host, js, jsm, namespace, db, schema, store, logger, ...retries, handle: (e, tx) => projection.apply(e, tx) });
}

/** The server events the scheduler acts on; the rest of the category is acked unopened. */
const SCHEDULER_EVENT_TYPES = new Set(['ServerCreateRequested', 'ServerBuildFailed', 'ServerDeleted']);

export function schedulingConsumer(o: SchedulerConsumerOptions, schedule: ScheduleServerHandler, release: ReleaseClaimHandler): EventConsumer {
  const { js, jsm, namespace, db, schema, store, logger, retries, concurrency } = o;
  const handle = async (event: RecordedEvent, tx: SqlTx): Promise<void> => {
    switch (event.type) {
      case 'ServerCreateRequested':
        return schedule.handle(event as RecordedEvent<'ServerCreateRequested', ServerCreateRequested['data']>, tx);
      case 'ServerBuildFailed':
      case 'ServerDeleted':
        return release.handle(event, tx);
      default:
        return;
    }
  };
  return new EventConsumer({
    name: SCHEDULER_CONSUMER, category: StreamCategory.Server, js, jsm, namespace, db, schema, store, logger, concurrency, ...retries, handle,
    interestedIn: (event) => SCHEDULER_EVENT_TYPES.has(event.type),
    // A delay a behaviour asks for is waited before the decision's transaction, holding no connection.
    prepare: (event, signal) => (event.type === 'ServerCreateRequested' ? schedule.prepare(event as CreateRequest, signal) : Promise.resolve()),
  });
}
