// The bus-fault behaviour in every app: while one is in force (from its creation for
// `durationMs`, or until its `expiresAt`, or until it is deleted), the messages of the durable
// consumers it names are dropped, delayed or handled twice. `consumer` is a consumer's name or
// a regular expression matched against the whole name ('scheduler', 'quota-usage-.*');
// `criteria.tenantId`, when given, limits it to events of that tenant. Each message draws
// against `probability` (default 1) from the behaviour's seed and the event id (and, for a
// drop, the delivery number, so a redelivered message draws again and a lossy link lets it
// through in the end). Installed once per app for its NATS namespace
// (libs/event-store consumer-faults.ts), so no consumer needs wiring of its own.

import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type Behaviour, type BehaviourAction, type RecordedEvent, behaviourRandom } from '@app/contracts';
import { type ConsumerFault, type ConsumerFaultHook, installConsumerFaults } from '@app/event-store';
import { PlatformConfig } from '../config/platform-config';
import { BehaviourMetrics } from './behaviour-metrics';
import { BehaviourRegistry } from './behaviour-registry';

type BusFault = Extract<BehaviourAction, { kind: 'bus-fault' }>;

/** A dropped message comes back after this pause unless the behaviour gives `delayMs`. */
export const DEFAULT_REDELIVER_MS = 250;
/** A delayed message waits this long unless the behaviour gives `delayMs`. */
export const DEFAULT_BUS_DELAY_MS = 1000;

const patterns = new Map<string, RegExp | null>();

/** Whether `pattern` names the consumer: the same name, or a regular expression matching all of it. */
export function namesConsumer(pattern: string, consumer: string): boolean {
  if (pattern === consumer) return true;
  let regex = patterns.get(pattern);
  if (regex === undefined) {
    try {
      regex = new RegExp(`^(?:${pattern})$`);
    } catch {
      regex = null;
    }
    patterns.set(pattern, regex);
  }
  return regex !== null && regex.test(consumer);
}

/** In force at `now`: before its expiresAt, and within durationMs of its creation. */
function inForce(behaviour: Behaviour, action: BusFault, now: number): boolean {
  if (behaviour.expiresAt !== null && Date.parse(behaviour.expiresAt) <= now) return false;
  return !(action.durationMs > 0) || Date.parse(behaviour.createdAt) + action.durationMs > now;
}

/**
 * The fault the bus-fault behaviours inject into one delivery of one message, with the
 * behaviours that caused it; undefined when none applies. Several at once add up: a drop wins,
 * delays add, a duplicate is a duplicate.
 */
export function busFaultFor(
  behaviours: readonly Behaviour[],
  consumer: string,
  event: RecordedEvent,
  delivery: number,
  now: number,
): { fault: ConsumerFault; behaviours: Behaviour[] } | undefined {
  let fault: ConsumerFault | undefined;
  const causes: Behaviour[] = [];
  for (const behaviour of behaviours) {
    const action = behaviour.action;
    if (action.kind !== 'bus-fault' || !inForce(behaviour, action, now) || !namesConsumer(action.consumer, consumer)) continue;
    if (behaviour.criteria.tenantId !== undefined && behaviour.criteria.tenantId !== event.metadata.tenantId) continue;
    const rng = action.mode === 'drop' ? behaviourRandom(behaviour, event.eventId, delivery) : behaviourRandom(behaviour, event.eventId);
    if (!rng.chance(action.probability ?? 1)) continue;
    fault ??= {};
    causes.push(behaviour);
    if (action.mode === 'drop') {
      fault.drop = true;
      fault.redeliverMs = Math.max(fault.redeliverMs ?? 0, action.delayMs ?? DEFAULT_REDELIVER_MS);
    } else if (action.mode === 'delay') {
      fault.delayMs = (fault.delayMs ?? 0) + (action.delayMs ?? DEFAULT_BUS_DELAY_MS);
    } else {
      fault.duplicate = true;
    }
  }
  return fault ? { fault, behaviours: causes } : undefined;
}

/** Installs this app's hook for its namespace at start, and removes it at shutdown. */
@Injectable()
export class BusFaults implements OnModuleInit, OnApplicationShutdown {
  private uninstall?: () => void;

  constructor(
    private readonly behaviours: BehaviourRegistry,
    private readonly metrics: BehaviourMetrics,
    @Inject(PlatformConfig) private readonly config: PlatformConfig,
  ) {}

  /** The hook itself: the registry's bus faults for one message, counted when one applies. */
  readonly hook: ConsumerFaultHook = (consumer, event, delivery) => {
    const candidates = this.behaviours.active('bus-fault');
    if (candidates.length === 0) return undefined;
    const found = busFaultFor(candidates, consumer, event, delivery, Date.now());
    if (!found) return undefined;
    for (let i = 0; i < found.behaviours.length; i++) this.metrics.applied('bus-fault');
    return found.fault;
  };

  onModuleInit(): void {
    this.uninstall = installConsumerFaults(this.config.natsNamespace, this.hook);
  }

  onApplicationShutdown(): void {
    this.uninstall?.();
  }
}
