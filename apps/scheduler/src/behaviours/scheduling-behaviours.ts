// The behaviours the scheduler applies to a create request (libs/contracts/src/behaviours):
//  - fail-scheduling: the server ends in ERROR with Nova's "No valid host was found. " and
//    details naming the behaviour (no host is claimed);
//  - delay-step with step 'scheduling': the decision waits, drawn from the delay's distribution
//    with the behaviour's seed, the server's integer id and the step. The wait happens before
//    the decision's transaction (the consumer's `prepare`), holding no database connection;
//  - a sequence of those: the n-th matching request (counted in this schema, shared by the
//    replicas, once per server: behaviour_matches) gets the n-th member.
// The plan is computed again for the decision itself; a sequence's match is stored, so the
// wait and the decision agree, and a redelivered request is treated as the first delivery was.

import {
  type Behaviour, type BehaviourAction, type BehaviourKind, type BehaviourOnSubject, type RecordedEvent, actionsOn, behaviourRandom, idOf, sampleDelay, sequenceMembers,
} from '@app/contracts';
import type { ServerCreateRequested, ServerFault } from '@app/domain/server';
import { type PostgresEventStore, type SqlDb, type SqlTx, sleepUnlessAborted } from '@app/event-store';
import type { BehaviourMatches } from '@app/platform';
import { NO_VALID_HOST_MESSAGE } from '../scheduling/no-valid-host';

type FailScheduling = Extract<BehaviourAction, { kind: 'fail-scheduling' }>;
type DelayScheduling = Extract<BehaviourAction, { kind: 'delay-step' }> & { step: 'scheduling' };
type SchedulingAction = FailScheduling | DelayScheduling;

export type CreateRequest = RecordedEvent<'ServerCreateRequested', ServerCreateRequested['data']>;

export interface SchedulingPlan {
  /** How long the decision waits, and which behaviours asked for it. */
  delayMs: number;
  delayedBy: Behaviour[];
  /** The behaviour that fails the scheduling (the oldest, when several match). */
  failure: BehaviourOnSubject<FailScheduling> | null;
}

export interface SchedulingBehavioursDeps {
  /** The behaviours in force (the app's BehaviourRegistry). */
  registry: { active(): readonly Behaviour[] };
  matches: BehaviourMatches;
  db: SqlDb;
  store: PostgresEventStore;
  /** Counts each behaviour applied (BehaviourMetrics). */
  metrics?: { applied(kind: BehaviourKind): void };
}

function appliesHere(action: BehaviourAction): action is SchedulingAction {
  return action.kind === 'fail-scheduling' || (action.kind === 'delay-step' && action.step === 'scheduling');
}

export class SchedulingBehaviours {
  constructor(private readonly d: SchedulingBehavioursDeps) {}

  /** What the behaviours in force do to this request; `tx` takes (or finds) a sequence's match. */
  async plan(tx: SqlTx, event: CreateRequest): Promise<SchedulingPlan> {
    const plan: SchedulingPlan = { delayMs: 0, delayedBy: [], failure: null };
    const behaviours = this.relevant();
    if (behaviours.length === 0) return plan;
    const uuid = idOf(event.streamName);
    const acting = await actionsOn(behaviours, event.data, appliesHere, (b) => this.d.matches.matchOf(tx, b.id, uuid));
    for (const one of acting) {
      if (one.action.kind === 'delay-step') {
        plan.delayMs += sampleDelay(one.action.delay, behaviourRandom(one.behaviour, event.data.serverId, 'scheduling'));
        plan.delayedBy.push(one.behaviour);
      } else {
        plan.failure ??= one as BehaviourOnSubject<FailScheduling>;
      }
    }
    return plan;
  }

  /**
   * The consumer's `prepare`, outside the decision's transaction: waits the delay the
   * behaviours ask for, unless the server no longer waits for a decision (a redelivery).
   */
  async wait(event: CreateRequest, signal: AbortSignal): Promise<void> {
    if (this.relevant().length === 0) return;
    const plan = await this.d.db.transaction((tx) => this.plan(tx, event));
    if (plan.delayMs <= 0) return;
    const later = await this.d.store.readStream(event.streamName, event.streamVersion + 1, 1);
    if (later.length > 0) return;
    for (const _ of plan.delayedBy) this.d.metrics?.applied('delay-step');
    await sleepUnlessAborted(plan.delayMs, signal);
  }

  /** The behaviours in force that can act on a scheduling (most of the time: none, and nothing is asked of the database). */
  private relevant(): Behaviour[] {
    return this.d.registry.active().filter((b) => sequenceMembers(b.action).some(appliesHere));
  }

  /** The fault of a scheduling failed by a behaviour: Nova's message, the behaviour in the details. */
  static fault(failure: BehaviourOnSubject<FailScheduling>, created: string): ServerFault {
    const { behaviour, action, match } = failure;
    const asked = action.message ? `: ${action.message}` : '';
    const member = match === undefined ? '' : `, match ${match} of its sequence`;
    return { code: 500, message: NO_VALID_HOST_MESSAGE, details: `Injected by behaviour ${behaviour.id} (fail-scheduling${member})${asked}`, created };
  }

  /** Counts a failure applied (after the decision committed). */
  failed(): void {
    this.d.metrics?.applied('fail-scheduling');
  }
}
