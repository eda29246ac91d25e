// Kills one app of a running stack and starts it again: the same built app, with the same
// environment (so the same port, database, namespace and agent id), waiting until it is
// ready. For chaos tests and the chaos runner (scripts/chaos), which SIGKILL apps mid-flow.

import { waitFor } from '../../harness/wait-for';
import { AppProcess, portVariableOf } from './app-process';

/** The HTTP port the app serves /readyz on: the one its starter chose, or the one in its environment. */
export function portOf(child: AppProcess): number {
  const port = child.port ?? Number(child.env[portVariableOf(child.app)]);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`${child.app} (pid ${child.pid}) has no known port`);
  return port;
}

/** Sends `signal` (SIGKILL by default, like a crash) and waits until the process is gone. */
export async function killApp(child: AppProcess, signal: NodeJS.Signals = 'SIGKILL', timeoutMs = 15_000): Promise<void> {
  child.signal(signal);
  await child.exitWithin(timeoutMs);
}

/** Starts `old`'s app again with its environment and port (killing `old` first if it still runs), once ready. */
export async function restartApp(old: AppProcess, timeoutMs = 60_000): Promise<AppProcess> {
  if (old.running) await killApp(old);
  const port = portOf(old);
  const child = new AppProcess(old.app, old.env);
  child.port = port;
  try {
    const exited = child.exited.then((exit) => {
      throw new Error(`${old.app} exited (${exit.signal ?? exit.code}) instead of becoming ready: ${child.tail()}`);
    });
    const ready = waitFor(`${old.app} to be ready again`, async () => (await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2000) })).status === 200, {
      timeoutMs,
      detail: () => child.tail(),
    });
    exited.catch(() => undefined); // once ready, a later exit (the next kill) is no failure of this start
    await Promise.race([ready, exited]);
  } catch (error) {
    child.signal('SIGKILL');
    throw error;
  }
  return child;
}
