// Every app's view of the behaviours in force (libs/contracts/src/behaviours): an ordered
// JetStream consumer over `events.behaviour.>` from the start of the stream, folded into a
// map, so each replica of each app sees every BehaviourCreated/BehaviourDeleted within a
// few milliseconds of its append, and again after a restart. No database: behaviours are
// test-time configuration, and JetStream keeps them as long as it keeps events (7 days).
// An expired behaviour (expiresAt passed) no longer applies.
//
//   constructor(private readonly behaviours: BehaviourRegistry) {}
//   for (const b of this.behaviours.active('fail-build-step')) if (matchesCriteria(b.criteria, server)) ...

import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DeliverPolicy, type ConsumerMessages, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { type Behaviour, type BehaviourAction, type BehaviourKind, StreamCategory, eventFilter, eventsStreamName, isBehaviourEvent } from '@app/contracts';
import { decodeEvent, ensureEventsStream } from '@app/event-store';
import { PlatformConfig } from '../config/platform-config';
import type { PinoLogger } from '../logging/create-pino-logger';
import { NATS_CONNECTION, PINO_LOGGER } from '../platform.constants';

export type BehaviourOf<K extends BehaviourKind> = Behaviour & { action: Extract<BehaviourAction, { kind: K }> };

@Injectable()
export class BehaviourRegistry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly behaviours = new Map<string, Behaviour>();
  /** Ids deleted in this view: a BehaviourCreated arriving after its deletion (applied locally first) stays deleted. */
  private readonly deleted = new Set<string>();
  private messages?: ConsumerMessages;
  private readonly listeners = new Set<(change: { created?: Behaviour; deleted?: Behaviour }) => void>();

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly config: PlatformConfig,
    @Inject(PINO_LOGGER) private readonly pino: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    await ensureEventsStream(jsm, this.config.natsNamespace);
    const stream = eventsStreamName(this.config.natsNamespace);
    const filter = eventFilter(this.config.natsNamespace, StreamCategory.Behaviour);
    // How many behaviour events exist now: the app starts deciding only once it has read them
    // (bounded), so a restarted replica does not build a few servers blind to the behaviours.
    const info = await jsm.streams.info(stream, { subjects_filter: filter });
    const existing = Object.values(info.state.subjects ?? {}).reduce((sum, n) => sum + n, 0);
    const consumer = await jetstream(this.nc).consumers.get(stream, { filter_subjects: filter, deliver_policy: DeliverPolicy.All });
    this.messages = await consumer.consume();
    let read = 0;
    let caughtUp!: () => void;
    const ready = new Promise<void>((resolve) => (caughtUp = resolve));
    if (existing === 0) caughtUp();
    void (async () => {
      for await (const m of this.messages!) {
        try {
          this.apply(decodeEvent(m.data));
        } catch (error) {
          this.pino.warn({ err: error }, 'an unreadable behaviour event was ignored');
        }
        if (++read >= existing) caughtUp();
      }
    })();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5000).unref());
    await Promise.race([ready, timeout]);
  }

  async onApplicationShutdown(): Promise<void> {
    this.messages?.stop();
  }

  /** Applies one behaviour event (also used by tests and by the writer for read-your-writes). */
  apply(event: { type: string; data: unknown }): void {
    if (!isBehaviourEvent(event)) return;
    if (event.type === 'BehaviourCreated') {
      if (this.deleted.has(event.data.id) || this.behaviours.has(event.data.id)) return;
      this.behaviours.set(event.data.id, event.data);
      for (const listener of this.listeners) listener({ created: event.data });
    } else {
      const gone = this.behaviours.get(event.data.id);
      this.behaviours.delete(event.data.id);
      this.deleted.add(event.data.id);
      if (gone) for (const listener of this.listeners) listener({ deleted: gone });
    }
  }

  /** The behaviours in force, oldest first; only those of `kind` (or sequences holding one) when given. */
  active<K extends BehaviourKind>(kind?: K, now = Date.now()): BehaviourOf<K>[] {
    const all = [...this.behaviours.values()].filter((b) => b.expiresAt === null || Date.parse(b.expiresAt) > now);
    return (kind === undefined ? all : all.filter((b) => holds(b.action, kind))) as BehaviourOf<K>[];
  }

  get(id: string): Behaviour | undefined {
    return this.behaviours.get(id);
  }

  /** Called on every behaviour created or deleted in this process's view (host-state, bus faults). */
  onChange(listener: (change: { created?: Behaviour; deleted?: Behaviour }) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Is the action of `kind`, or a sequence with a member of `kind`? */
function holds(action: BehaviourAction, kind: BehaviourKind): boolean {
  return action.kind === kind || (action.kind === 'sequence' && action.actions.some((a) => holds(a, kind)));
}
