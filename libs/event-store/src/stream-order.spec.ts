// The global log can hold a stream's versions out of order; StreamOrder hands them on in order.

import type { RecordedEvent } from '@app/contracts';
import { StreamOrder } from './stream-order';

const e = (stream: string, version: number): RecordedEvent =>
  ({ eventId: `${stream}-${version}`, streamName: stream, streamVersion: version, position: '0', type: 'T', schemaVersion: 1, data: {}, metadata: { correlationId: 'c', producer: 'p' }, recordedAt: '' }) as RecordedEvent;
const versions = (events: RecordedEvent[]) => events.map((x) => `${x.streamName}@${x.streamVersion}`);

describe('StreamOrder', () => {
  it('passes events in order straight through', () => {
    const order = new StreamOrder();
    expect(versions(order.push(e('a', 1)))).toEqual(['a@1']);
    expect(versions(order.push(e('a', 2)))).toEqual(['a@2']);
  });

  it('holds a later version back until the earlier one comes, per stream', () => {
    const order = new StreamOrder();
    expect(versions(order.push(e('a', 1)))).toEqual(['a@1']);
    expect(order.push(e('a', 3))).toEqual([]);
    expect(versions(order.push(e('b', 1)))).toEqual(['b@1']);
    expect(order.pending).toBe(1);
    expect(versions(order.push(e('a', 2)))).toEqual(['a@2', 'a@3']);
    expect(order.pending).toBe(0);
  });

  it('drops a version it already handed on', () => {
    const order = new StreamOrder();
    order.push(e('a', 1));
    expect(order.push(e('a', 1))).toEqual([]);
  });
});
