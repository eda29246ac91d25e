// The request a piece of code runs for, carried through every await by AsyncLocalStorage, so
// that each log line written while serving a request carries its id (`req_id`) without the
// code passing it around. The HTTP hooks (http/http-observability.ts) enter it per request.

import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  /** The request id: `req-<uuid>` in the gateway, Nova's X-Compute-Request-Id. */
  reqId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` (and everything it awaits or schedules) as part of the request `context`. */
export function runInRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The id of the request the caller runs for, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.reqId;
}
