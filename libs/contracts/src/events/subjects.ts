// NATS subjects and JetStream names, defined here and nowhere else.
//
// Events go to `events.<category>.<EventType>` on the JetStream stream `EVENTS`.
// A namespace (empty in production) prefixes both, so that test runs sharing one
// NATS server never see each other's messages: namespace `t1a2` gives
// `t1a2.events.server.ServerCreated` on stream `T1A2_EVENTS`.

import { categoryOf } from './stream-names';

export const EVENTS_SUBJECT_ROOT = 'events';
export const EVENTS_STREAM = 'EVENTS';

const NAMESPACE = /^[a-z0-9_]*$/;

function checkNamespace(namespace: string): void {
  if (!NAMESPACE.test(namespace)) {
    throw new Error(`subject namespace must match ${NAMESPACE}, got '${namespace}'`);
  }
}

function withNamespace(namespace: string, subject: string): string {
  checkNamespace(namespace);
  return namespace ? `${namespace}.${subject}` : subject;
}

/** The subject one event is published on: `events.server.ServerCreated`. */
export function eventSubject(namespace: string, stream: string, eventType: string): string {
  return withNamespace(namespace, `${EVENTS_SUBJECT_ROOT}.${categoryOf(stream)}.${eventType}`);
}

/** A filter for every event of a category (`events.server.>`), or of every category (`events.>`). */
export function eventFilter(namespace: string, category?: string): string {
  return withNamespace(namespace, category ? `${EVENTS_SUBJECT_ROOT}.${category}.>` : `${EVENTS_SUBJECT_ROOT}.>`);
}

/** Core-NATS subject of the hint "an append committed" that wakes the relay. */
export function eventsAppendedSubject(namespace: string): string {
  return withNamespace(namespace, 'eventstore.appended');
}

/**
 * Core-NATS subject of a request/reply pattern (`quota.reserve`): the pattern itself, behind
 * the namespace when there is one (`t1a2.quota.reserve`), so test runs never answer each
 * other's requests.
 */
export function requestSubject(namespace: string, pattern: string): string {
  return withNamespace(namespace, pattern);
}

/** The JetStream stream that holds the events of a namespace. */
export function eventsStreamName(namespace: string): string {
  checkNamespace(namespace);
  return namespace ? `${namespace.toUpperCase()}_${EVENTS_STREAM}` : EVENTS_STREAM;
}

/** Does a subject match a NATS filter with `*` and `>` wildcards? */
export function subjectMatches(filter: string, subject: string): boolean {
  const f = filter.split('.');
  const s = subject.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (f[i] !== '*' && f[i] !== s[i]) return false;
  }
  return f.length === s.length;
}
