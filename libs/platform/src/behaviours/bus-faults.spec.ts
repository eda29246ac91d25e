// The bus-fault hook's decisions: which consumers a behaviour names (exact or a whole-name
// regular expression), while it is in force, the tenant, each mode, several at once, and the
// seeded draws (the same event draws the same; a dropped message draws again at each delivery).

import type { Behaviour, BehaviourAction, RecordedEvent } from '@app/contracts';
import { busFaultFor, namesConsumer } from './bus-faults';

const now = Date.parse('2026-01-01T00:00:10.000Z');

function busFault(id: string, action: Partial<Extract<BehaviourAction, { kind: 'bus-fault' }>>, more: Partial<Behaviour> = {}): Behaviour {
  return {
    id, criteria: {}, seed: 5, createdAt: '2026-01-01T00:00:05.000Z', expiresAt: null,
    action: { kind: 'bus-fault', consumer: 'servers', mode: 'drop', durationMs: 60_000, ...action },
    ...more,
  };
}

function event(id: string, tenantId = 't1'): RecordedEvent {
  return {
    eventId: id, streamName: 'server-x', streamVersion: 1, globalPosition: '1', type: 'ServerCreateRequested', data: {},
    metadata: { correlationId: 'req-1', producer: 'test', tenantId }, recordedAt: '2026-01-01T00:00:00.000Z',
  } as unknown as RecordedEvent;
}

const ids = Array.from({ length: 2000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

describe('bus faults', () => {
  it('names a consumer exactly or by a regular expression over the whole name', () => {
    expect(namesConsumer('servers', 'servers')).toBe(true);
    expect(namesConsumer('scheduler', 'scheduler-hosts')).toBe(false);
    expect(namesConsumer('scheduler.*', 'scheduler-hosts')).toBe(true);
    expect(namesConsumer('quota-usage-(server|floatingip)', 'quota-usage-floatingip')).toBe(true);
    expect(namesConsumer('compute-agent-.*', 'servers')).toBe(false);
    expect(namesConsumer('(unclosed', 'servers')).toBe(false);
  });

  it('applies while in force: after its duration, past its expiry or to another consumer, nothing', () => {
    const e = event(ids[0]);
    expect(busFaultFor([busFault('a', {})], 'servers', e, 1, now)?.fault).toEqual({ drop: true, redeliverMs: 250 });
    expect(busFaultFor([busFault('a', { durationMs: 4000 })], 'servers', e, 1, now)).toBeUndefined();
    expect(busFaultFor([busFault('a', {}, { expiresAt: '2026-01-01T00:00:09.000Z' })], 'servers', e, 1, now)).toBeUndefined();
    expect(busFaultFor([busFault('a', {})], 'instance-actions', e, 1, now)).toBeUndefined();
    expect(busFaultFor([busFault('a', {}, { criteria: { tenantId: 't2' } })], 'servers', e, 1, now)).toBeUndefined();
    expect(busFaultFor([busFault('a', {}, { criteria: { tenantId: 't1' } })], 'servers', e, 1, now)).toBeDefined();
  });

  it('delays, duplicates, and adds several up', () => {
    const e = event(ids[0]);
    expect(busFaultFor([busFault('a', { mode: 'delay', delayMs: 300 })], 'servers', e, 1, now)?.fault).toEqual({ delayMs: 300 });
    expect(busFaultFor([busFault('a', { mode: 'delay' })], 'servers', e, 1, now)?.fault).toEqual({ delayMs: 1000 });
    expect(busFaultFor([busFault('a', { mode: 'duplicate' })], 'servers', e, 1, now)?.fault).toEqual({ duplicate: true });
    const all = busFaultFor(
      [busFault('a', { mode: 'delay', delayMs: 100 }), busFault('b', { mode: 'delay', delayMs: 50 }), busFault('c', { mode: 'duplicate' }), busFault('d', { mode: 'drop', delayMs: 40 })],
      'servers', e, 1, now,
    );
    expect(all?.fault).toEqual({ delayMs: 150, duplicate: true, drop: true, redeliverMs: 40 });
    expect(all?.behaviours.map((b) => b.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('draws against the probability from the seed and the event id: the same every time, about as often as asked', () => {
    const b = busFault('a', { mode: 'duplicate', probability: 0.3 });
    const hit = (seed: number) => ids.map((id) => busFaultFor([{ ...b, seed }], 'servers', event(id), 1, now) !== undefined);
    const first = hit(5);
    expect(hit(5)).toEqual(first);
    expect(hit(6)).not.toEqual(first);
    const rate = first.filter(Boolean).length / ids.length;
    expect(rate).toBeGreaterThan(0.26);
    expect(rate).toBeLessThan(0.34);
    // Another behaviour id with the same seed draws the same: a run repeats with the seed alone.
    expect(ids.map((id) => busFaultFor([{ ...b, id: 'other' }], 'servers', event(id), 1, now) !== undefined)).toEqual(first);
  });

  it('draws a drop again at each delivery, so a lossy link lets a message through in the end', () => {
    const b = busFault('a', { mode: 'drop', probability: 0.5 });
    const e = event(ids[3]);
    const deliveries = Array.from({ length: 40 }, (_, i) => busFaultFor([b], 'servers', e, i + 1, now)?.fault.drop === true);
    expect(deliveries).toContain(true);
    expect(deliveries).toContain(false);
    expect(Array.from({ length: 40 }, (_, i) => busFaultFor([b], 'servers', e, i + 1, now)?.fault.drop === true)).toEqual(deliveries);
  });
});
