// Upcasters lift old event data through each schema version in turn.

import type { RecordedEvent } from '@app/contracts';
import { Upcasters } from './upcasters';

const event = (type: string, schemaVersion: number, data: unknown): RecordedEvent => ({
  eventId: 'e', streamName: 'server-1', streamVersion: 1, position: '1', type, schemaVersion, data, metadata: { correlationId: 'c', producer: 't' }, recordedAt: '',
});

describe('Upcasters', () => {
  const upcasters = new Upcasters([
    { type: 'ServerCreateRequested', fromVersion: 1, upcast: (d) => ({ ...(d as object), flavorRef: String((d as { flavor: number }).flavor) }) },
    { type: 'ServerCreateRequested', fromVersion: 2, upcast: (d) => ({ ...(d as object), metadata: {} }) },
  ]);

  it('chains v1 -> v2 -> v3', () => {
    expect(upcasters.apply(event('ServerCreateRequested', 1, { flavor: 101 }))).toMatchObject({ schemaVersion: 3, data: { flavor: 101, flavorRef: '101', metadata: {} } });
  });
  it('starts from the version an event was written with', () => {
    expect(upcasters.apply(event('ServerCreateRequested', 2, { flavorRef: '1' }))).toMatchObject({ schemaVersion: 3, data: { flavorRef: '1', metadata: {} } });
  });
  it('leaves current events and other types alone (same object)', () => {
    const current = event('ServerCreateRequested', 3, {});
    expect(upcasters.apply(current)).toBe(current);
    const other = event('ServerDeleted', 1, {});
    expect(upcasters.apply(other)).toBe(other);
  });
  it('refuses two upcasters for one type and version', () => {
    expect(() => new Upcasters([{ type: 'A', fromVersion: 1, upcast: (d) => d }, { type: 'A', fromVersion: 1, upcast: (d) => d }])).toThrow('two upcasters for A@1');
  });
});
