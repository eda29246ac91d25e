// How a recorded event travels on NATS: the envelope as JSON, the event id as Nats-Msg-Id.

import type { RecordedEvent } from '@app/contracts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeEvent(event: RecordedEvent): Uint8Array {
  return encoder.encode(JSON.stringify(event));
}

/** Parses an envelope; throws on anything that is not one (such a message is parked, not retried). */
export function decodeEvent(data: Uint8Array): RecordedEvent {
  const value = JSON.parse(decoder.decode(data)) as Partial<RecordedEvent>;
  if (
    typeof value?.eventId !== 'string' ||
    typeof value.streamName !== 'string' ||
    !Number.isInteger(value.streamVersion) ||
    typeof value.type !== 'string' ||
    typeof value.position !== 'string'
  ) {
    throw new Error('message is not an event envelope');
  }
  return { schemaVersion: 1, metadata: { correlationId: '', producer: '' }, recordedAt: '', data: null, ...value } as RecordedEvent;
}
