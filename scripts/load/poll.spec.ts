// Polling: intervals that grow with the time waited, answers that may pass retried, terminal
// ones thrown, and a timeout named by its type with the last state seen.

import { IterationError } from './nova-client';
import { backoffDelay, DEFAULT_BACKOFF, pollUntil, type ProbeResult } from './poll';
import { seededRandom } from './prng';
import { VirtualClock } from './virtual-clock';

const noJitter = { ...DEFAULT_BACKOFF, jitter: 0 };

describe('polling', () => {
  it('waits a quarter of the time waited so far, from 25 ms up to 1 s', () => {
    const random = seededRandom(1);
    expect(backoffDelay(noJitter, 0, random)).toBe(25);
    expect(backoffDelay(noJitter, 400, random)).toBe(100);
    expect(backoffDelay(noJitter, 60_000, random)).toBe(1000);
    for (let i = 0; i < 100; i++) {
      const d = backoffDelay(DEFAULT_BACKOFF, 400, random);
      expect(d).toBeGreaterThanOrEqual(80);
      expect(d).toBeLessThanOrEqual(120);
    }
  });

  it('polls until done, retrying answers that may pass, and sees a state at most a quarter late', async () => {
    const clock = new VirtualClock();
    const probes: number[] = [];
    const activeAt = 1000;
    const value = await clock.drive(
      pollUntil({ clock, random: seededRandom(1), timeoutMs: 10_000, timeoutType: 'timeout_active', what: 'x', backoff: noJitter }, async (): Promise<ProbeResult<string>> => {
        probes.push(clock.now());
        if (probes.length === 2) throw new IterationError('http_503', 'GET /servers/1: 503');
        if (probes.length === 3) throw new IterationError('connection_error', 'GET /servers/1: ECONNREFUSED');
        return clock.now() >= activeAt ? { done: true, value: 'ACTIVE' } : { done: false, seen: 'BUILD(spawning)' };
      }),
    );
    expect(value).toBe('ACTIVE');
    expect(probes.slice(0, 5)).toEqual([0, 25, 50, 75, 100]);
    expect(probes.at(-1)! - activeAt).toBeLessThanOrEqual(0.25 * activeAt);
    expect(probes.length).toBeLessThan(20);
  });

  it('throws a terminal answer at once', async () => {
    const clock = new VirtualClock();
    const poll = pollUntil({ clock, random: seededRandom(1), timeoutMs: 10_000, timeoutType: 'timeout_active', what: 'x' }, async () => {
      throw new IterationError('error_state', 'server 1 is ERROR');
    });
    await expect(clock.drive(poll)).rejects.toMatchObject({ type: 'error_state' });
    expect(clock.now()).toBe(0);
  });

  it('gives up at the timeout with its error type and the last state seen', async () => {
    const clock = new VirtualClock();
    const poll = pollUntil({ clock, random: seededRandom(1), timeoutMs: 3000, timeoutType: 'timeout_deleted', what: 'server 7 to be deleted' }, async (): Promise<ProbeResult<void>> => ({ done: false, seen: 'ACTIVE(deleting)' }));
    await expect(clock.drive(poll)).rejects.toMatchObject({ type: 'timeout_deleted', message: 'server 7 to be deleted: not within 3000 ms (last seen: ACTIVE(deleting))' });
    expect(clock.now()).toBe(3000);
  });
});
