// Hands events of the global log on in each stream's version order. Positions come from
// transaction ids (decision 0001), so a transaction that got its id early and appended late
// can put a stream's version n+1 at a lower position than version n. Live consumers apply a
// stream in version order (they fill gaps from the log); a reader of the global log that must
// agree with them (replay, catch-up, audits) holds an event back until its predecessor came.

import type { RecordedEvent } from '@app/contracts';

export class StreamOrder {
  private readonly next = new Map<string, number>();
  private readonly waiting = new Map<string, Map<number, RecordedEvent>>();

  /** The events that can be applied now, `event` and any it released, in version order. */
  push(event: RecordedEvent): RecordedEvent[] {
    const expected = this.next.get(event.streamName) ?? 1;
    if (event.streamVersion < expected) return [];
    if (event.streamVersion > expected) {
      let held = this.waiting.get(event.streamName);
      if (!held) this.waiting.set(event.streamName, (held = new Map()));
      held.set(event.streamVersion, event);
      return [];
    }
    const ready = [event];
    let version = expected + 1;
    const held = this.waiting.get(event.streamName);
    while (held?.has(version)) {
      ready.push(held.get(version)!);
      held.delete(version);
      version++;
    }
    if (held?.size === 0) this.waiting.delete(event.streamName);
    this.next.set(event.streamName, version);
    return ready;
  }

  /** Events still held back, waiting for an earlier version that never came (a gap in the read). */
  get pending(): number {
    let n = 0;
    for (const held of this.waiting.values()) n += held.size;
    return n;
  }
}
