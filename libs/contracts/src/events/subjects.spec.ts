// Subjects and stream names are built in one place; these pin their shapes.

import { eventFilter, eventSubject, eventsStreamName, requestSubject, subjectMatches } from './subjects';
import { categoryOf, idOf, streamName } from './stream-names';

describe('stream names', () => {
  it('are category-id', () => {
    expect(streamName('server', 'b9b5c0d4-1')).toBe('server-b9b5c0d4-1');
    expect(categoryOf('server-b9b5c0d4-1')).toBe('server');
    expect(idOf('server-b9b5c0d4-1')).toBe('b9b5c0d4-1');
  });
  it('refuse a category with a dash or capitals', () => {
    expect(() => streamName('floating-ip', '1')).toThrow();
    expect(() => streamName('Server', '1')).toThrow();
    expect(() => streamName('server', '')).toThrow();
  });
});

describe('subjects', () => {
  it('put events on events.<category>.<EventType>', () => {
    expect(eventSubject('', 'server-1', 'ServerCreated')).toBe('events.server.ServerCreated');
    expect(eventsStreamName('')).toBe('EVENTS');
    expect(eventFilter('')).toBe('events.>');
    expect(eventFilter('', 'server')).toBe('events.server.>');
  });
  it('prefix a namespace for isolated test runs', () => {
    expect(eventSubject('t01', 'host-a', 'HostUp')).toBe('t01.events.host.HostUp');
    expect(eventsStreamName('t01')).toBe('T01_EVENTS');
    expect(() => eventSubject('T.x', 'host-a', 'HostUp')).toThrow();
  });
  it('put request/reply patterns behind the namespace too', () => {
    expect(requestSubject('', 'quota.reserve')).toBe('quota.reserve');
    expect(requestSubject('t01', 'quota.reserve')).toBe('t01.quota.reserve');
  });
  it('match NATS wildcards', () => {
    expect(subjectMatches('events.>', 'events.server.X')).toBe(true);
    expect(subjectMatches('events.server.*', 'events.server.X')).toBe(true);
    expect(subjectMatches('events.server.*', 'events.host.X')).toBe(false);
    expect(subjectMatches('events.>', 'events')).toBe(false);
    expect(subjectMatches('events.server.X', 'events.server.X.Y')).toBe(false);
  });
});
