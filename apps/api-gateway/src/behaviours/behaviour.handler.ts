// Creates and deletes behaviours: each is a stream `behaviour-<id>` holding BehaviourCreated,
// then BehaviourDeleted. Every app follows the streams through JetStream (BehaviourRegistry);
// this process applies its own appends at once, so a GET right after a POST sees the change.
// A host-state behaviour also asks the host's agent (ComputeClient.setHostState) to take the
// host down (or up) before it is recorded; deleting it brings a downed host back up first, so
// a failure leaves the behaviour in place to delete again. The agent is the host name's
// prefix: `agent-1-host-00003` belongs to `agent-1`.

import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type Behaviour, type BehaviourCreated, type BehaviourDeleted, type BehaviourEvent, ComputeClient, ComputeHostNotFoundError, ComputeUnavailableError,
  InvalidComputeRequestError, NO_STREAM, StreamCategory, isBehaviourEvent, streamName,
} from '@app/contracts';
import { PostgresEventStore, WrongExpectedVersionError } from '@app/event-store';
import { PINO_LOGGER, type PinoLogger } from '@app/platform';
import { Faults } from '../http/faults';
import { invalidField } from '../servers/server-request-fields';
import { type BehaviourRequest, agentOfHost } from './behaviour-request';
import { BehaviourCounters } from './behaviour-counters';
import { GatewayBehaviours } from './gateway-behaviours.service';

export const PRODUCER = 'api-gateway';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const behaviourStream = (id: string) => streamName(StreamCategory.Behaviour, id);
const notFound = (id: string) => Faults.itemNotFound(`Behaviour ${id} could not be found.`);

@Injectable()
export class BehaviourHandler {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly behaviours: GatewayBehaviours,
    private readonly counters: BehaviourCounters,
    private readonly compute: ComputeClient,
    @Inject(PINO_LOGGER) private readonly log: PinoLogger,
  ) {}

  async create(request: BehaviourRequest, requestId: string, now = new Date()): Promise<Behaviour> {
    const { criteria, action, seed, durationSeconds } = request;
    const id = randomUUID();
    // 1. How long it lasts: duration_seconds, and a bus fault's own durationMs, whichever ends first.
    const lasts = [durationSeconds === null ? undefined : durationSeconds * 1000, action.kind === 'bus-fault' ? action.durationMs : undefined].filter(
      (ms): ms is number => ms !== undefined,
    );
    const expiresAt = lasts.length === 0 ? null : new Date(now.getTime() + Math.min(...lasts)).toISOString();
    const behaviour: Behaviour = { id, criteria, action, seed, createdAt: now.toISOString(), expiresAt };
    // 2. A host-state behaviour acts on its host first: an agent that refuses leaves nothing behind.
    if (action.kind === 'host-state') await this.setHostState(action.host, action.up, `behaviour ${id}`, requestId);
    // 3. Append, and apply it here at once.
    const event: BehaviourCreated = { type: 'BehaviourCreated', data: behaviour };
    await this.store.append(behaviourStream(id), NO_STREAM, [event], { correlationId: requestId, producer: PRODUCER });
    this.behaviours.applied(event);
    return behaviour;
  }

  /** Deletes a behaviour in force; 404 if there is none by that id (or it is deleted already). */
  async delete(id: string, requestId: string, tenantId?: string): Promise<Behaviour> {
    if (!UUID.test(id)) throw notFound(id);
    for (let attempt = 1; ; attempt++) {
      // 1. Read the stream: the behaviour, if it is in force.
      const history = await this.store.readStream(behaviourStream(id));
      const events = history.map((e) => e as unknown as BehaviourEvent).filter(isBehaviourEvent);
      const created = events.find((e): e is BehaviourCreated => e.type === 'BehaviourCreated');
      if (!created || events.some((e) => e.type === 'BehaviourDeleted')) throw notFound(id);
      const behaviour = created.data;
      // 2. A host it took down comes back up before it goes.
      if (behaviour.action.kind === 'host-state' && !behaviour.action.up) await this.setHostState(behaviour.action.host, true, `behaviour ${id} deleted`, requestId, true);
      // 3. Append with the expected version: of two deletes at once, one wins and the other is 404.
      const event: BehaviourDeleted = { type: 'BehaviourDeleted', data: { id, at: new Date().toISOString() } };
      try {
        await this.store.append(behaviourStream(id), history[history.length - 1].streamVersion, [event], { correlationId: requestId, tenantId, producer: PRODUCER });
      } catch (error) {
        if (error instanceof WrongExpectedVersionError && attempt < 3) continue;
        throw error;
      }
      this.behaviours.applied(event);
      await this.counters.forget(id);
      return behaviour;
    }
  }

  private async setHostState(host: string, up: boolean, reason: string, correlationId: string, hostMayBeGone = false): Promise<void> {
    const agentId = agentOfHost(host)!;
    try {
      await this.compute.setHostState(agentId, { host, up, reason, correlationId });
    } catch (error) {
      if (error instanceof ComputeHostNotFoundError) {
        // The agent no longer simulates the host (it restarted with fewer): nothing to bring up.
        if (hostMayBeGone) return this.log.warn({ req_id: correlationId, host }, 'the host of a deleted host-state behaviour is gone');
        throw invalidField('behaviour.action.host', `agent '${agentId}' has no host '${host}'`);
      }
      if (error instanceof InvalidComputeRequestError) throw invalidField('behaviour.action.host', error.message);
      if (error instanceof ComputeUnavailableError) {
        throw Faults.serviceUnavailable(`The compute agent '${agentId}' of host '${host}' did not answer; is it running?`);
      }
      throw error;
    }
  }
}
