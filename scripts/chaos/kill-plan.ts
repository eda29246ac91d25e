// When the chaos runner kills which app: for each app, `killsPerApp` kills, each after a
// seeded wait (from the start, or from the app being ready again) and followed by a seeded
// time down before the restart. The plan depends only on the seed, the apps and the ranges,
// so a run can be repeated (the apps' own timing still varies from run to run).

import { SeededRandom } from '@app/contracts';

export interface MsRange {
  min: number;
  max: number;
}

export interface PlannedKill {
  app: string;
  /** 1-based, per app. */
  ordinal: number;
  /** Wait before the kill: from the run's start for the first, from the previous restart's readiness after. */
  afterMs: number;
  /** How long the app stays down before it is started again. */
  downMs: number;
}

export interface KillPlanOptions {
  apps: readonly string[];
  killsPerApp: number;
  seed: number;
  interval: MsRange;
  down: MsRange;
}

export function planKills(o: KillPlanOptions): PlannedKill[] {
  return o.apps.flatMap((app) => {
    const random = SeededRandom.forTask(String(o.seed), 'chaos-kill', app);
    return Array.from({ length: o.killsPerApp }, (_, i) => ({
      app,
      ordinal: i + 1,
      afterMs: random.between(o.interval.min, o.interval.max),
      downMs: random.between(o.down.min, o.down.max),
    }));
  });
}

/** `3000-8000` or `5000` -> a range in ms. */
export function parseRange(text: string, name: string): MsRange {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`${name} must be 'ms' or 'min-max' in ms, got '${text}'`);
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  if (max < min) throw new Error(`${name}: ${max} is below ${min}`);
  return { min, max };
}
