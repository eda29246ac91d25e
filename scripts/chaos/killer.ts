// Carries out a kill plan (kill-plan.ts) on a stack: per app, one after the other, wait, SIGKILL,
// stay down, start again and wait until ready; the apps' sequences run side by side. Records
// each kill (pid, times, whether the load was still running) and any restart that failed.

import type { App } from '../../test/e2e/support/app-process';
import type { PlannedKill } from './kill-plan';
import type { ChaosStack } from './stack';

export interface KillRecord {
  app: string;
  ordinal: number;
  pid: number;
  /** ms from the run's start. */
  killedAtMs: number;
  downMs: number;
  /** ms from the run's start the app was ready again; null if it did not come back. */
  readyAtMs: number | null;
  newPid: number | null;
  duringLoad: boolean;
  error?: string;
}

export interface Killer {
  /** Resolves when every planned kill is done and its app restarted (or failed to). */
  done: Promise<KillRecord[]>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function startKiller(stack: ChaosStack, plan: readonly PlannedKill[], startedAt: number, loadRunning: () => boolean, log: (line: string) => void): Killer {
  const records: KillRecord[] = [];
  const byApp = new Map<string, PlannedKill[]>();
  for (const kill of plan) byApp.set(kill.app, [...(byApp.get(kill.app) ?? []), kill]);
  const since = () => Math.round(performance.now() - startedAt);
  const sequences = [...byApp].map(async ([app, kills]) => {
    for (const kill of kills) {
      await sleep(kill.afterMs);
      const duringLoad = loadRunning();
      const killedAtMs = since();
      const record: KillRecord = { app, ordinal: kill.ordinal, pid: -1, killedAtMs, downMs: kill.downMs, readyAtMs: null, newPid: null, duringLoad };
      records.push(record);
      try {
        record.pid = await stack.kill(app as App);
        log(`chaos: +${(killedAtMs / 1000).toFixed(1)} s SIGKILL ${app} (pid ${record.pid}, kill ${kill.ordinal}/${kills.length}${duringLoad ? '' : ', after the load'})`);
        await sleep(kill.downMs);
        record.newPid = await stack.restart(app as App);
        record.readyAtMs = since();
        log(`chaos: +${(record.readyAtMs / 1000).toFixed(1)} s ${app} ready again (pid ${record.newPid}, down ${((record.readyAtMs - killedAtMs) / 1000).toFixed(1)} s)`);
      } catch (error) {
        record.error = (error as Error).message;
        log(`chaos: ${app} kill ${kill.ordinal} failed: ${record.error}`);
        return;
      }
    }
  });
  return { done: Promise.all(sequences).then(() => records.sort((a, b) => a.killedAtMs - b.killedAtMs)) };
}
