// Bus faults for a chaos run: behaviours of kind `bus-fault` (libs/contracts/src/behaviours)
// that drop, delay or duplicate one durable consumer's messages for a while. They are appended
// straight to the log as BehaviourCreated in `behaviour-<id>` with PostgresEventStore (what the
// gateway's os-behaviours API writes), so they work without the control API; every app's
// BehaviourRegistry sees them through JetStream. Ids, seeds and start times come from the run's seed.

import { type Behaviour, type BehaviourCreated, SeededRandom, StreamCategory, streamName } from '@app/contracts';
import type { PostgresEventStore } from '@app/event-store';
import type { MsRange } from './kill-plan';

export type BusFaultMode = 'drop' | 'delay' | 'duplicate';

export interface BusFaultSpec {
  consumer: string;
  mode: BusFaultMode;
  probability: number;
  /** For `delay`: how long each message waits. */
  delayMs: number;
  durationMs: number;
}

export interface PlannedBusFault extends BusFaultSpec {
  id: string;
  seed: number;
  /** When it is turned on, from the run's start. */
  afterMs: number;
}

/** Used when --bus-faults is given with no list: one fault of each mode, on three consumers of three apps. */
export const DEFAULT_BUS_FAULTS = 'scheduler:delay:0.5,servers:duplicate:0.5,quota-usage-server:drop:0.3';

/** `consumer:mode[:probability]` items, comma-separated; the consumer is a durable's name or a regular expression matching whole names (`quota-usage-.*`). */
export function parseBusFaults(text: string, durationMs: number, delayMs: number): BusFaultSpec[] {
  return text.split(',').filter(Boolean).map((item) => {
    const [consumer, mode, probability = '1'] = item.split(':');
    if (!consumer) throw new Error(`--bus-faults: '${item}' does not start with a consumer name (or a regular expression matching whole names)`);
    if (mode !== 'drop' && mode !== 'delay' && mode !== 'duplicate') throw new Error(`--bus-faults: mode must be drop, delay or duplicate, got '${mode}' in '${item}'`);
    const p = Number(probability);
    if (!(p > 0 && p <= 1)) throw new Error(`--bus-faults: probability must be in (0, 1], got '${probability}' in '${item}'`);
    return { consumer, mode, probability: p, delayMs, durationMs };
  });
}

/** A UUID made of seeded bytes (version 4 layout), so a repeated run names its behaviours the same. */
function seededUuid(random: SeededRandom): string {
  const bytes = random.bytes(16);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function planBusFaults(specs: readonly BusFaultSpec[], seed: number, start: MsRange): PlannedBusFault[] {
  return specs.map((spec, i) => {
    const random = SeededRandom.forTask(String(seed), 'chaos-bus-fault', i, spec.consumer);
    return { ...spec, id: seededUuid(random), seed: random.between(1, 2 ** 31 - 1), afterMs: random.between(start.min, start.max) };
  });
}

/** Appends the BehaviourCreated that turns the fault on now, for its duration; returns the behaviour. */
export async function turnOnBusFault(store: PostgresEventStore, fault: PlannedBusFault, runId: string): Promise<Behaviour> {
  const now = Date.now();
  const behaviour: Behaviour = {
    id: fault.id,
    criteria: {},
    action: { kind: 'bus-fault', consumer: fault.consumer, mode: fault.mode, probability: fault.probability, durationMs: fault.durationMs, ...(fault.mode === 'delay' ? { delayMs: fault.delayMs } : {}) },
    seed: fault.seed,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + fault.durationMs).toISOString(),
  };
  const event: BehaviourCreated = { type: 'BehaviourCreated', data: behaviour };
  await store.append(streamName(StreamCategory.Behaviour, fault.id), 'any', [event], { correlationId: `chaos-${runId}`, producer: 'chaos' });
  return behaviour;
}
