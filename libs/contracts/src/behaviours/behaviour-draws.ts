// How a behaviour turns into what it does to one server, the same way in every app:
//  - its random draws come from its own seeded generator, keyed by the behaviour's seed and
//    what it acts on (the server's integer id and the step; an event id for bus faults), never
//    from Math.random, so the same seed gives the same outcomes in every run;
//  - a delay is drawn from its distribution (fixed, uniform, normal, exponential);
//  - a sequence gives its members in turn: the n-th matching server (counted by the app that
//    applies it, in its own schema) gets the n-th member, nested sequences flattened; once
//    every member was given, the sequence is spent and matches get nothing.

import type { Behaviour, BehaviourAction, Delay } from './behaviour';
import { type BehaviourSubject, matchesCriteria } from './behaviour-match';
import { SeededRandom } from './seeded-random';

/** The longest wait a behaviour can cause (one hour): a typo must not park work for good. */
export const MAX_BEHAVIOUR_DELAY_MS = 3_600_000;

/** The generator of one behaviour acting on one thing: its seed, then what it acts on. */
export function behaviourRandom(behaviour: Pick<Behaviour, 'seed'>, ...parts: (string | number)[]): SeededRandom {
  return SeededRandom.forTask(`behaviour:${behaviour.seed}`, ...parts);
}

/** One draw of a delay, in whole milliseconds, between 0 and MAX_BEHAVIOUR_DELAY_MS. */
export function sampleDelay(delay: Delay, rng: SeededRandom): number {
  let ms: number;
  switch (delay.distribution) {
    case 'fixed':
      ms = delay.ms;
      break;
    case 'uniform':
      ms = delay.minMs + rng.next() * (delay.maxMs - delay.minMs);
      break;
    case 'normal': {
      // Box-Muller; 1 - u keeps the logarithm away from 0.
      const u1 = 1 - rng.next();
      const u2 = rng.next();
      ms = delay.meanMs + delay.stddevMs * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      break;
    }
    case 'exponential':
      ms = -delay.meanMs * Math.log(1 - rng.next());
      break;
    default: {
      const unknown: never = delay;
      throw new Error(`unknown delay distribution ${JSON.stringify(unknown)}`);
    }
  }
  if (!Number.isFinite(ms)) return 0;
  return Math.min(MAX_BEHAVIOUR_DELAY_MS, Math.max(0, Math.round(ms)));
}

/** A sequence's members in order, nested sequences flattened; any other action alone. */
export function sequenceMembers(action: BehaviourAction): BehaviourAction[] {
  return action.kind === 'sequence' ? action.actions.flatMap(sequenceMembers) : [action];
}

/** What the n-th match (from 1) of a sequence gets, undefined once it is spent; any other action every time. */
export function sequenceMember(action: BehaviourAction, n: number): BehaviourAction | undefined {
  return action.kind === 'sequence' ? sequenceMembers(action)[n - 1] : action;
}

/** One behaviour acting on one server: the action it takes (a sequence's member), and the match number for a sequence. */
export interface BehaviourOnSubject<A extends BehaviourAction = BehaviourAction> {
  behaviour: Behaviour;
  action: A;
  /** For a sequence: which match this server was (from 1). */
  match?: number;
}

/**
 * The actions `behaviours` take on one server, oldest behaviour first, keeping those the app
 * applies (`applies`). A sequence with a member the app applies counts the match
 * (`nextMatch`, the app's counter, once per server) and gives the member of that number,
 * which may be one the app does not apply (then nothing).
 */
export async function actionsOn<A extends BehaviourAction>(
  behaviours: readonly Behaviour[],
  subject: BehaviourSubject,
  applies: (action: BehaviourAction) => action is A,
  nextMatch: (behaviour: Behaviour) => Promise<number>,
): Promise<BehaviourOnSubject<A>[]> {
  const acting: BehaviourOnSubject<A>[] = [];
  for (const behaviour of behaviours) {
    if (!matchesCriteria(behaviour.criteria, subject)) continue;
    if (behaviour.action.kind !== 'sequence') {
      if (applies(behaviour.action)) acting.push({ behaviour, action: behaviour.action });
      continue;
    }
    if (!sequenceMembers(behaviour.action).some(applies)) continue;
    const match = await nextMatch(behaviour);
    const member = sequenceMember(behaviour.action, match);
    if (member && applies(member)) acting.push({ behaviour, action: member, match });
  }
  return acting;
}
