// The runners' schedules on a virtual clock: by concurrency never more than N at once and
// exactly `times`; by rate every iteration started when due whatever the others do, and
// handed its due time, so that a load generator running late counts the delay as latency
// (no coordinated omission).

import { realClock } from './clock';
import { iterationCount, runAtRate, runByConcurrency, runIterations } from './runners';
import { VirtualClock } from './virtual-clock';

describe('runner by constant arrival rate', () => {
  it('starts iteration i at start + i / rate, without waiting for the earlier ones to finish', async () => {
    const clock = new VirtualClock();
    const starts: number[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    await clock.drive(
      runAtRate(clock, 10, 10, async (i, dueAt) => {
        starts.push(clock.now());
        expect(dueAt).toBe(i * 100);
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        await clock.sleepUntil(clock.now() + 2500); // each iteration is slow
        inFlight--;
      }),
    );
    expect(starts).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(mostInFlight).toBe(10);
  });

  it('keeps the schedule when the generator falls behind, and hands each iteration its due time', async () => {
    const clock = new VirtualClock();
    const seen: { i: number; dueAt: number; startedAt: number; latency: number }[] = [];
    const results = await clock.drive(
      runAtRate(clock, 10, 8, async (i, dueAt) => {
        const startedAt = clock.now();
        if (i === 2) clock.block(350); // the generator is stuck from 200 to 550
        await clock.sleepUntil(clock.now() + 10); // the service answers in 10 ms
        const latency = clock.now() - dueAt; // what the scenarios record
        seen.push({ i, dueAt, startedAt, latency });
        return latency;
      }),
    );
    expect(results).toHaveLength(8);
    const byIndex = Object.fromEntries(seen.map((s) => [s.i, s]));
    // Due on the fixed schedule, whatever happened.
    expect(seen.map((s) => s.dueAt).sort((a, b) => a - b)).toEqual([0, 100, 200, 300, 400, 500, 600, 700]);
    // Those due while it was stuck start at once when it is free (catching up, not shifting the schedule) ...
    expect([byIndex[3].startedAt, byIndex[4].startedAt, byIndex[5].startedAt]).toEqual([550, 550, 550]);
    expect(byIndex[6].startedAt).toBe(600);
    // ... and their latency counts from when they were due: 260, 160, 60 ms, not 10.
    expect([byIndex[3].latency, byIndex[4].latency, byIndex[5].latency]).toEqual([260, 160, 60]);
    expect(byIndex[6].latency).toBe(10);
  });

  it('runs rate x duration iterations, at least one', () => {
    expect(iterationCount({ type: 'rate', perSecond: 2.5, durationSeconds: 4 })).toBe(10);
    expect(iterationCount({ type: 'rate', perSecond: 0.1, durationSeconds: 1 })).toBe(1);
    expect(iterationCount({ type: 'concurrency', concurrency: 3, times: 7 })).toBe(7);
  });

  it('starts no more iterations once aborted, and waits for those running', async () => {
    const clock = new VirtualClock();
    const abort = new AbortController();
    let finished = 0;
    const results = await clock.drive(
      runAtRate(
        clock,
        10,
        100,
        async (i) => {
          if (i === 4) abort.abort();
          await clock.sleepUntil(clock.now() + 1000);
          finished++;
          return i;
        },
        abort.signal,
      ),
    );
    expect(results).toEqual([0, 1, 2, 3, 4]);
    expect(finished).toBe(5);
  });

  it('keeps to the schedule on the real clock too', async () => {
    const t0 = performance.now();
    const offsets: number[] = [];
    await runIterations(realClock, { type: 'rate', perSecond: 20, durationSeconds: 0.5 }, async (_i, dueAt) => {
      offsets.push(performance.now() - dueAt);
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    expect(offsets).toHaveLength(10);
    // Each started within a short while of its due time, though each took 300 ms.
    for (const late of offsets) expect(late).toBeLessThan(150);
    // Waiting for each other would take 10 x 300 ms.
    expect(performance.now() - t0).toBeLessThan(1500);
  });
});

describe('runner by concurrency', () => {
  it('runs exactly `times` iterations with never more than N at once', async () => {
    const clock = new VirtualClock();
    let inFlight = 0;
    let most = 0;
    const results = await clock.drive(
      runByConcurrency(clock, 3, 10, async (i, startedAt) => {
        expect(startedAt).toBe(clock.now());
        most = Math.max(most, ++inFlight);
        await clock.sleepUntil(clock.now() + 100 + (i % 3) * 10);
        inFlight--;
        return i;
      }),
    );
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(most).toBe(3);
  });

  it('starts the next iteration as soon as a worker is free', async () => {
    const clock = new VirtualClock();
    const starts: number[] = [];
    await clock.drive(
      runByConcurrency(clock, 2, 4, async () => {
        starts.push(clock.now());
        await clock.sleepUntil(clock.now() + 100);
      }),
    );
    expect(starts).toEqual([0, 0, 100, 100]);
  });

  it('uses no more workers than iterations', async () => {
    const clock = new VirtualClock();
    let most = 0;
    let inFlight = 0;
    await clock.drive(
      runByConcurrency(clock, 50, 2, async () => {
        most = Math.max(most, ++inFlight);
        await clock.sleepUntil(clock.now() + 1);
        inFlight--;
      }),
    );
    expect(most).toBe(2);
  });
});
