// A projection turns events into rows of an app's own tables (a read model). It is written
// once, against a schema given as a parameter, so the same code serves the live consumer
// and a replay into scratch tables that is then compared with the live ones.

import type { RecordedEvent } from '@app/contracts';
import type { SqlTx } from './sql';

export interface Projection {
  /** Unique per app; also the durable consumer's name when run live. */
  readonly name: string;
  /** The tables (in the app's schema) this projection alone writes. */
  readonly tables: readonly string[];
  /** Only events of this stream category reach it; all events when absent. */
  readonly category?: string;
  /** Only these event types change its tables (the others are skipped without a transaction); all when absent. */
  readonly types?: readonly string[];
  /** Applies one event to the tables in `schema`. Must not read the clock or other tables. */
  apply(tx: SqlTx, schema: string, event: RecordedEvent): Promise<void>;
}
