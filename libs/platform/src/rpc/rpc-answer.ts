// The answering side of the RPC transport: an outcome becomes `{ ok: true, value }`, a refusal
// the service's typed error body (which its client turns back into the same error class), and
// anything unexpected `UNAVAILABLE` (reported to `onFailure`), so no handler throws across NATS.

export type RpcAnswer<T, E> = { ok: true; value: T } | { ok: false; error: E | { code: 'UNAVAILABLE'; message: string } };

export async function rpcAnswer<T, E>(
  service: string,
  work: () => Promise<T> | T,
  errorBodyOf: (error: unknown) => E | undefined,
  onFailure: (error: unknown) => void,
): Promise<RpcAnswer<T, E>> {
  try {
    // undefined would not survive JSON: a request with nothing to return answers null.
    return { ok: true, value: ((await work()) ?? null) as T };
  } catch (error) {
    const body = errorBodyOf(error);
    if (body) return { ok: false, error: body };
    onFailure(error);
    return { ok: false, error: { code: 'UNAVAILABLE', message: `the ${service} service failed: ${(error as Error)?.message ?? String(error)}` } };
  }
}
