// The behaviours the compute agent applies to a build (libs/contracts/src/behaviours), decided
// once, when the build task is queued (in the consumer's transaction, from the create request),
// and stored on the task row: a build resumed after a crash or retried follows the same plan.
//  - fail-build-step: the step (networking, block_device_mapping, spawning) fails at its end
//    with the behaviour's fault (default: code 500, a message naming the behaviour); with a
//    probability, drawn from the behaviour's seed, the server's integer id and the step;
//  - delay-step for a build step: the step takes that much longer, drawn from the delay's
//    distribution with the same key; several delays of one step add up;
//  - a sequence of those: the n-th matching build (counted in this schema, once per server,
//    shared by the agents of the schema) gets the n-th member.
// All of it on top of the profile's own latencies and FAIL_<STEP> draws. When several
// behaviours fail a build, the earliest step wins (then the oldest behaviour).

import {
  type Behaviour, type BehaviourAction, type BehaviourOnSubject, type BehaviourSubject, actionsOn, behaviourRandom, sampleDelay, sequenceMembers,
} from '@app/contracts';
import type { SqlTx } from '@app/event-store';
import type { BehaviourMatches } from '@app/platform';

export const BEHAVIOUR_STEPS = ['networking', 'block_device_mapping', 'spawning'] as const;
export type BehaviourStep = (typeof BEHAVIOUR_STEPS)[number];

type FailBuildStep = Extract<BehaviourAction, { kind: 'fail-build-step' }>;
type DelayBuildStep = Extract<BehaviourAction, { kind: 'delay-step' }> & { step: BehaviourStep };
export type BuildAction = FailBuildStep | DelayBuildStep;

export interface StepDelay {
  step: BehaviourStep;
  ms: number;
  behaviourId: string;
}

export interface BehaviourFailure {
  step: BehaviourStep;
  behaviourId: string;
  fault: { code: number; message: string; details: string };
}

/** What the behaviours do to one build; stored on its task row. */
export interface BuildBehaviourPlan {
  delays: StepDelay[];
  failure: BehaviourFailure | null;
}

/** A step failed because a behaviour said so. */
export class BehaviourFaultError extends Error {
  constructor(readonly failure: BehaviourFailure) {
    super(`behaviour ${failure.behaviourId} failed the ${failure.step} step`);
    this.name = 'BehaviourFaultError';
  }
}

export function appliesToBuild(action: BehaviourAction): action is BuildAction {
  return action.kind === 'fail-build-step' || (action.kind === 'delay-step' && (BEHAVIOUR_STEPS as readonly string[]).includes(action.step));
}

/** The plan of the actions acting on one build (server `serverId`); null when they do nothing. */
export function decideBuildPlan(acting: readonly BehaviourOnSubject<BuildAction>[], serverId: number): BuildBehaviourPlan | null {
  const delays: StepDelay[] = [];
  const failures: BehaviourFailure[] = [];
  for (const { behaviour, action, match } of acting) {
    const rng = behaviourRandom(behaviour, serverId, action.step);
    const member = match === undefined ? '' : `, match ${match} of its sequence`;
    if (action.kind === 'delay-step') {
      delays.push({ step: action.step, ms: sampleDelay(action.delay, rng), behaviourId: behaviour.id });
      continue;
    }
    const probability = action.probability ?? 1;
    const draw = rng.next();
    if (draw >= probability) continue;
    const drew = action.probability === undefined ? '' : `, probability ${probability}, drew ${draw.toFixed(4)}`;
    failures.push({
      step: action.step,
      behaviourId: behaviour.id,
      fault: {
        code: action.fault?.code ?? 500,
        message: action.fault?.message ?? `Injected by behaviour ${behaviour.id}: the ${action.step} step failed`,
        details: action.fault?.details ?? `behaviour ${behaviour.id} (fail-build-step ${action.step}${drew}${member}, seed ${behaviour.seed})`,
      },
    });
  }
  const failure = failures.sort((a, b) => BEHAVIOUR_STEPS.indexOf(a.step) - BEHAVIOUR_STEPS.indexOf(b.step))[0] ?? null;
  return delays.length > 0 || failure ? { delays, failure } : null;
}

/** The total extra wait of a step in a plan. */
export function delayOf(plan: BuildBehaviourPlan | null, step: BehaviourStep): number {
  return (plan?.delays ?? []).filter((d) => d.step === step).reduce((sum, d) => sum + d.ms, 0);
}

export class BuildBehaviours {
  constructor(
    private readonly d: {
      /** The behaviours in force (the app's BehaviourRegistry). */
      registry: { active(): readonly Behaviour[] };
      matches: BehaviourMatches;
    },
  ) {}

  /** Decides, in the transaction that queues the build, what the behaviours in force do to it. */
  async plan(tx: SqlTx, serverUuid: string, serverId: number, subject: BehaviourSubject): Promise<BuildBehaviourPlan | null> {
    const behaviours = this.d.registry.active().filter((b) => sequenceMembers(b.action).some(appliesToBuild));
    if (behaviours.length === 0) return null;
    const acting = await actionsOn(behaviours, subject, appliesToBuild, (b) => this.d.matches.matchOf(tx, b.id, serverUuid));
    return decideBuildPlan(acting, serverId);
  }
}
