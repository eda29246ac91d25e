// How the agent writes to a server's stream: every step is a command through the server decider
// (read, fold, decide, append with the expected version; libs/event-store decider-runner.ts),
// with the metadata of the event that asked for the work, and the agent's own rows (console
// lines, the guest's state) in the same transaction as the events.

import { streamName, StreamCategory } from '@app/contracts';
import { type ServerCommand, type ServerEvent, type ServerState, serverDecider } from '@app/domain/server';
import { DeciderRunner, type PostgresEventStore, type SqlDb, type SqlTx } from '@app/event-store';

export interface StepContext {
  correlationId: string;
  /** The event that asked for the work. */
  causationId?: string;
  tenantId: string;
}

export class ServerSteps {
  private readonly runner: DeciderRunner<ServerCommand, ServerEvent, ServerState>;

  constructor(store: PostgresEventStore, db: SqlDb) {
    this.runner = new DeciderRunner<ServerCommand, ServerEvent, ServerState>(serverDecider, store, db, 'compute-agent');
  }

  /** The server's state now. */
  async load(serverUuid: string, tx?: SqlTx): Promise<ServerState> {
    return (await this.runner.load(streamName(StreamCategory.Server, serverUuid), tx)).state;
  }

  /** Runs one command; `withEvents` writes the agent's rows in the append's transaction (only if something was appended). */
  async run(serverUuid: string, command: ServerCommand, context: StepContext, withEvents?: (tx: SqlTx) => Promise<void>): Promise<ServerEvent[]> {
    const decision = await this.runner.run(
      streamName(StreamCategory.Server, serverUuid),
      command,
      { correlationId: context.correlationId, causationId: context.causationId, tenantId: context.tenantId },
      withEvents ? { afterAppend: (tx) => withEvents(tx) } : {},
    );
    return decision.events;
  }
}
