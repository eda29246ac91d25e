// Polls a condition until it holds or a deadline passes; the only way e2e tests wait.

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** What to add to the timeout message (the state that would explain it). */
  detail?: () => unknown;
}

/**
 * Calls `probe` until it returns a value other than undefined/false and returns that value.
 * A probe that throws counts as "not yet". On timeout, throws naming `what` and the last error.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 30_000, intervalMs = 100, detail }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      last = undefined;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      const reason = last instanceof Error ? `: ${last.message}` : '';
      const state = detail ? `; ${JSON.stringify(detail())}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${reason}${state}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
