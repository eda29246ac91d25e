// The one place a compute outcome becomes an answer on the wire: a value is `{ ok: true }`, a
// refusal the typed error body ComputeClient turns back into the same error class, and
// anything unexpected UNAVAILABLE (reported to `onFailure`), so no handler throws across NATS.

import {
  type ComputeAnswer, type ComputeErrorBody, ComputeHostNotFoundError, ComputeServerNotFoundError, InvalidComputeRequestError,
} from '@app/contracts';
import { rpcAnswer } from '@app/platform';

export function errorBodyOf(error: unknown): ComputeErrorBody | undefined {
  if (error instanceof ComputeServerNotFoundError) return { code: 'SERVER_NOT_FOUND', message: error.message };
  if (error instanceof ComputeHostNotFoundError) return { code: 'HOST_NOT_FOUND', message: error.message };
  if (error instanceof InvalidComputeRequestError) return { code: 'INVALID_REQUEST', message: error.message };
  return undefined;
}

export function answer<T>(work: () => Promise<T> | T, onFailure: (error: unknown) => void): Promise<ComputeAnswer<T>> {
  return rpcAnswer('compute', work, errorBodyOf, onFailure) as Promise<ComputeAnswer<T>>;
}
