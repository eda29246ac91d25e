// The gateway's one way to change a server: the pure server decider behind DeciderRunner (read
// the stream, fold, decide, append with the expected version, retry on a concurrent write),
// with the servers read model brought up to the stream's head in the append's transaction, so
// that the answer and a GET right after it see the change (read-your-writes). `check` asks the
// decider without appending, for the actions that must ask another app first (floating IPs,
// createImage): a refusal then writes nothing anywhere.

import { Inject, Injectable } from '@nestjs/common';
import { StreamCategory, streamName } from '@app/contracts';
import { type ServerCommand, type ServerEvent, type ServerState, decideServer, evolveServer, serverDecider } from '@app/domain/server';
import { type Decider, type Decision, DeciderRunner, PostgresEventStore, type SqlDb, type SqlTx } from '@app/event-store';
import { APP_DB } from '@app/platform';
import { ServersReadModel } from './servers-read-model.service';

export const PRODUCER = 'api-gateway';

export interface ServerCommandContext {
  /** The API request (`req-<uuid>`): the events' correlation id. */
  requestId: string;
  tenantId: string;
}

export interface ServerRunOptions {
  /** Append in this transaction (a multi-create appends every server in one). */
  tx?: SqlTx;
  /** A rule the gateway owns on the state the events would leave (the tenant's maxServerMeta); throws to refuse. */
  guard?: (after: ServerState) => void;
}

type ServerDecider = Decider<ServerCommand, ServerEvent, ServerState>;

export const serverStream = (uuid: string) => streamName(StreamCategory.Server, uuid);

@Injectable()
export class ServerCommands {
  private readonly runner: DeciderRunner<ServerCommand, ServerEvent, ServerState>;

  constructor(
    private readonly store: PostgresEventStore,
    @Inject(APP_DB) private readonly db: SqlDb,
    private readonly readModel: ServersReadModel,
  ) {
    this.runner = new DeciderRunner(serverDecider, store, db, PRODUCER);
  }

  /** The server's state now: the fold of its stream. */
  async state(uuid: string): Promise<ServerState> {
    return (await this.runner.load(serverStream(uuid))).state;
  }

  /** Would the decider accept the command now? Throws its refusal; appends nothing. */
  async check(uuid: string, command: ServerCommand): Promise<ServerState> {
    const state = await this.state(uuid);
    decideServer(command, state);
    return state;
  }

  /** Decides and appends the command's events, projecting the server in the same transaction. */
  async run(uuid: string, command: ServerCommand, context: ServerCommandContext, options: ServerRunOptions = {}): Promise<Decision<ServerEvent, ServerState>> {
    const runner = options.guard ? new DeciderRunner(guarded(options.guard), this.store, this.db, PRODUCER) : this.runner;
    return runner.run(
      serverStream(uuid),
      command,
      { correlationId: context.requestId, tenantId: context.tenantId },
      { tx: options.tx, afterAppend: (tx) => this.readModel.catchUp(tx, uuid) },
    );
  }
}

/** The server decider, then the gateway's own rule on the state its events would leave. */
function guarded(guard: (after: ServerState) => void): ServerDecider {
  return {
    ...serverDecider,
    decide: (command, state) => {
      const events = serverDecider.decide(command, state);
      guard(events.reduce(evolveServer, state));
      return events;
    },
  };
}
