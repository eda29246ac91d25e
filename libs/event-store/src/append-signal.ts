// A core-NATS nudge that tells the relay leader, in whichever app it runs, that an append
// has committed. At most one nudge per tick per process. It is only a hint: losing one
// delays publishing until the relay's next poll, and never loses an event.
//
// (LISTEN/NOTIFY would do the same inside Postgres, but a notifying commit holds a global
// lock until its WAL is flushed, which serialised concurrent appends: 1,400 -> 550 appends/s
// with 16 writers on this machine.)

import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { eventsAppendedSubject } from '@app/contracts';

/** For `EventStoreOptions.onCommitted`: nudges the relay, coalescing appends of one tick. */
export function appendSignal(nc: NatsConnection, namespace: string): () => void {
  const subject = eventsAppendedSubject(namespace);
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      if (!nc.isClosed()) nc.publish(subject);
    });
  };
}

/** Wakes `relay` on every nudge; returns the subscription to close. */
export function onAppendSignal(nc: NatsConnection, namespace: string, wake: () => void): Subscription {
  return nc.subscribe(eventsAppendedSubject(namespace), { callback: () => wake() });
}
