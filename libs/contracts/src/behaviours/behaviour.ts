// Behaviours: faults and delays an operator (or a test) asks the stack to inject, in the
// spirit of mimic's behaviours and LocalStack's chaos API, but acting inside the services.
// Each is created through the gateway's admin control API (os-behaviours), stored as events in
// its own stream (`behaviour-<id>`), and followed by every app that applies a kind of it:
//
//   kind                   applied by      where
//   fail-build-step        compute-agent   the named build step fails with the fault (ERROR)
//   delay-step             scheduler / compute-agent   the step waits (fixed, uniform, normal or exponential)
//   fail-scheduling        scheduler       "No valid host" (ERROR)
//   false-negative         api-gateway     POST /servers answers the error, yet the server is built
//   fail-nth-request       api-gateway     the n-th matching API request fails, the others pass
//   api-error              api-gateway     every matching request (method + path) gets the status
//   sequence               its members'    successive matches get the members in turn
//   host-state             compute-agent   a simulated host goes down (deleting the behaviour brings it up)
//   bus-fault              every app       a durable consumer's messages are dropped, delayed or duplicated for a while
//
// Every random draw is seeded (the behaviour's seed, and the server or request it acts on),
// so a run repeats exactly.

/** The build steps a behaviour can act on (the server's BUILD(task) states). */
export type BuildStepName = 'scheduling' | 'networking' | 'block_device_mapping' | 'spawning';

/** Which servers (or requests) a behaviour applies to; every field given must match. */
export interface BehaviourCriteria {
  tenantId?: string;
  /** A JavaScript regular expression the server's name must match. */
  serverNameRegex?: string;
  /** Every key must be in the server's metadata with this value. */
  metadata?: Record<string, string>;
  flavorId?: string;
  /** The image's id or UUID. */
  imageRef?: string;
}

export type Delay =
  | { distribution: 'fixed'; ms: number }
  | { distribution: 'uniform'; minMs: number; maxMs: number }
  | { distribution: 'normal'; meanMs: number; stddevMs: number }
  | { distribution: 'exponential'; meanMs: number };

export interface BehaviourFault {
  code: number;
  message: string;
  details?: string;
}

export type BehaviourAction =
  | { kind: 'fail-build-step'; step: Exclude<BuildStepName, 'scheduling'>; fault?: BehaviourFault; probability?: number }
  | { kind: 'delay-step'; step: BuildStepName; delay: Delay }
  | { kind: 'fail-scheduling'; message?: string }
  | { kind: 'false-negative'; status: number; message?: string }
  | { kind: 'fail-nth-request'; n: number; status: number; method?: string; pathRegex?: string; message?: string }
  | { kind: 'api-error'; method: string; pathRegex: string; status: number; message?: string; probability?: number }
  | { kind: 'sequence'; actions: BehaviourAction[] }
  | { kind: 'host-state'; host: string; up: boolean }
  | { kind: 'bus-fault'; consumer: string; mode: 'drop' | 'delay' | 'duplicate'; delayMs?: number; probability?: number; durationMs: number };

export type BehaviourKind = BehaviourAction['kind'];

export interface Behaviour {
  id: string;
  criteria: BehaviourCriteria;
  action: BehaviourAction;
  /** Seeds every random draw this behaviour makes. */
  seed: number;
  createdAt: string;
  /** For bus faults (and any behaviour given a duration): when it stops applying. */
  expiresAt: string | null;
}

/** Stream `behaviour-<id>`: the behaviour exists from here on. */
export interface BehaviourCreated {
  type: 'BehaviourCreated';
  data: Behaviour;
}

/** Deleted by id (or by a reset): it no longer applies. */
export interface BehaviourDeleted {
  type: 'BehaviourDeleted';
  data: { id: string; at: string };
}

export type BehaviourEvent = BehaviourCreated | BehaviourDeleted;

export function isBehaviourEvent(event: { type: string }): event is BehaviourEvent {
  return event.type === 'BehaviourCreated' || event.type === 'BehaviourDeleted';
}
