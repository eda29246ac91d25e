// Old events stay readable: an upcaster lifts the data of one event type from one schema
// version to the next, and reads apply them in a chain up to the current version.

import type { RecordedEvent } from '@app/contracts';

export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast(data: unknown): unknown;
}

export class Upcasters {
  private readonly byKey = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const u of upcasters) {
      const key = `${u.type}@${u.fromVersion}`;
      if (this.byKey.has(key)) throw new Error(`two upcasters for ${key}`);
      this.byKey.set(key, u);
    }
  }

  /** The event with its data lifted to the newest version an upcaster chain reaches. */
  apply<E extends RecordedEvent>(event: E): E {
    if (this.byKey.size === 0) return event;
    let { data, schemaVersion } = event;
    for (let u = this.byKey.get(`${event.type}@${schemaVersion}`); u; u = this.byKey.get(`${event.type}@${schemaVersion}`)) {
      data = u.upcast(data);
      schemaVersion += 1;
    }
    return schemaVersion === event.schemaVersion ? event : { ...event, data, schemaVersion };
  }
}
