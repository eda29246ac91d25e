// The one way an app asks another app something: a Nest ClientProxy over NATS (the app's
// NATS_URL, subjects behind its NATS_NAMESPACE like the answering app's handlers), each
// request bounded by a timeout. A request nobody answers becomes the service's own
// "unavailable" error saying why (nobody listening, or no answer in time), never a hang.
// The typed clients of libs/contracts (QuotaClient, NetworkClient) run on top of it.

import { type ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom, TimeoutError, timeout } from 'rxjs';
import { requestSubject } from '@app/contracts';

/** How long a request may take before the caller gets the service's unavailable error. */
export const DEFAULT_RPC_TIMEOUT_MS = 5000;

export interface RpcTarget {
  natsServers: string[];
  natsNamespace: string;
  /** The NATS connection's name (`<app>-<service>-client`). */
  name: string;
}

export interface RpcOptions {
  timeoutMs?: number;
}

/** Makes the service's unavailable error (QuotaUnavailableError, NetworkUnavailableError, ...). */
export type UnavailableError = new (message: string, options?: { cause?: unknown }) => Error;

export function createRpcProxy(target: RpcTarget): ClientProxy {
  return ClientProxyFactory.create({
    transport: Transport.NATS,
    options: { servers: target.natsServers, name: target.name, maxReconnectAttempts: -1 },
  });
}

/** A transport function for a typed client: `send(pattern, data)` with a timeout and clear errors. */
export function rpcSend(proxy: ClientProxy, namespace: string, service: string, Unavailable: UnavailableError, timeoutMs = DEFAULT_RPC_TIMEOUT_MS) {
  const unavailable = (pattern: string, error: unknown): Error => {
    if (error instanceof Unavailable) return error;
    if (error instanceof TimeoutError) return new Unavailable(`the ${service} service did not answer ${pattern} within ${timeoutMs} ms`, { cause: error });
    const message = error instanceof Error ? error.message : typeof error === 'object' && error ? JSON.stringify(error) : String(error);
    if (/no subscribers listening/i.test(message)) return new Unavailable(`no ${service} service is listening for ${pattern}`, { cause: error });
    return new Unavailable(`the ${service} service could not be asked ${pattern}: ${message}`, { cause: error });
  };
  return async <T>(pattern: string, data: unknown): Promise<T> => {
    try {
      return await firstValueFrom(proxy.send<T>(requestSubject(namespace, pattern), data).pipe(timeout(timeoutMs)));
    } catch (error) {
      throw unavailable(pattern, error);
    }
  };
}
