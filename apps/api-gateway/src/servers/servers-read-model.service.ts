// Keeps the servers read model in step with the log. Live: the durable consumer 'servers'
// (libs/platform liveProjections) applies every server event, whichever app wrote it.
// Read-your-writes: the command side calls `catchUp` in its append's transaction, so a GET
// right after a POST sees the server; the consumer later receives those events as
// duplicates and skips them.

import { Injectable, type Provider } from '@nestjs/common';
import { StreamCategory, streamName } from '@app/contracts';
import type { SqlTx } from '@app/event-store';
import { LiveProjections, liveProjections } from '@app/platform';
import { serverProjection } from './server.projection';

@Injectable()
export class ServersReadModel {
  constructor(private readonly live: LiveProjections) {}

  /** Applies, in `tx`, every event of the server's stream the read model lacks (call after appending in `tx`). */
  async catchUp(tx: SqlTx, serverUuid: string): Promise<void> {
    await this.live.catchUp(serverProjection.name, tx, streamName(StreamCategory.Server, serverUuid));
  }
}

/** The providers of the servers read model: its live projection and ServersReadModel. */
export function serversReadModelProviders(): Provider[] {
  return [...liveProjections([serverProjection]), ServersReadModel];
}
