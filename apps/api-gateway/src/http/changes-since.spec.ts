// changes-since accepts the forms spec 3.7 and real clients use, and nothing else.

import { ComputeFault } from './faults';
import { parseChangesSince, parseIsoTime } from './changes-since';

const iso = (value: string) => parseIsoTime(value)?.toISOString();

describe('changes-since', () => {
  it('reads the spec forms; no zone means UTC', () => {
    expect(iso('2011-01-24T17:08Z')).toBe('2011-01-24T17:08:00.000Z');
    expect(iso('2011-01-24T17:08')).toBe('2011-01-24T17:08:00.000Z');
    expect(iso('2011-01-24T17:08:00')).toBe('2011-01-24T17:08:00.000Z');
    expect(iso('2011-01-24T17:08:00Z')).toBe('2011-01-24T17:08:00.000Z');
    expect(iso('2011-01-24T17:08:00.123456Z')).toBe('2011-01-24T17:08:00.123Z');
    expect(iso('2011-01-24')).toBe('2011-01-24T00:00:00.000Z');
  });

  it('applies an explicit offset, with or without the colon', () => {
    expect(iso('2011-01-24T17:08:00+01:00')).toBe('2011-01-24T16:08:00.000Z');
    expect(iso('2011-01-24T17:08:00-05:30')).toBe('2011-01-24T22:38:00.000Z');
    expect(iso('2011-01-24T17:08+0100')).toBe('2011-01-24T16:08:00.000Z');
  });

  it('reads a + that arrived as a space (an unencoded + in a query string)', () => {
    expect(iso('2011-01-24T17:08:00 01:00')).toBe('2011-01-24T16:08:00.000Z');
  });

  it('refuses malformed and impossible times', () => {
    for (const bad of ['', 'yesterday', '2011-13-01T00:00Z', '2011-02-30T00:00Z', '2011-01-24T25:00Z', '2011-01-24T17:60Z', '2011-01-24T17:08:00+25:00', '2011-1-24', '1295888880', '2011-01-24T17']) {
      expect(parseIsoTime(bad)).toBeUndefined();
    }
  });

  it('is a 400 naming the value when malformed, and absent when not given', () => {
    expect(parseChangesSince(undefined)).toBeUndefined();
    expect(() => parseChangesSince('soon')).toThrow(ComputeFault);
    try {
      parseChangesSince('soon');
    } catch (error) {
      expect((error as ComputeFault).code).toBe(400);
      expect((error as ComputeFault).message).toContain("'soon'");
    }
  });
});
