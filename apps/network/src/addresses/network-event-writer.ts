// Appends the network app's events to the log on the caller's transaction, with the metadata
// every event carries: the API request's correlation id, the tenant, and `network` as producer.

import { type NetworkEvent, type ExpectedVersion } from '@app/contracts';
import type { PostgresEventStore, SqlTx } from '@app/event-store';

export class NetworkEventWriter {
  constructor(private readonly store: PostgresEventStore) {}

  async append(tx: SqlTx, stream: string, expectedVersion: ExpectedVersion, events: NetworkEvent[], correlationId: string, tenantId: string): Promise<void> {
    await this.store.append(stream, expectedVersion, events, { correlationId, tenantId, producer: 'network' }, tx);
  }
}
