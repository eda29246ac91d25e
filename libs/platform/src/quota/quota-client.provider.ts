// How an app gets a QuotaClient: a Nest ClientProxy over NATS (the app's NATS_URL, patterns
// behind its NATS_NAMESPACE like the quota app's handlers), each request bounded by a
// timeout. A request nobody answers becomes QuotaUnavailableError saying why (no quota app
// listening, or no answer in time), never a hang. The proxy is closed at shutdown.
//
//   @Module({ providers: [quotaClientProvider()] })   // then inject `QuotaClient`

import type { FactoryProvider, OnApplicationShutdown } from '@nestjs/common';
import { type ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom, TimeoutError, timeout } from 'rxjs';
import { QuotaClient, type QuotaAnswer, QuotaUnavailableError, requestSubject } from '@app/contracts';
import { PlatformConfig } from '../config/platform-config';

/** How long a quota request may take before the caller gets QuotaUnavailableError. */
export const DEFAULT_QUOTA_TIMEOUT_MS = 5000;

export interface QuotaClientOptions {
  timeoutMs?: number;
}

/** What went wrong on the way, as the one error a caller has to handle. */
function unavailable(pattern: string, error: unknown, timeoutMs: number): QuotaUnavailableError {
  if (error instanceof QuotaUnavailableError) return error;
  if (error instanceof TimeoutError) {
    return new QuotaUnavailableError(`the quota service did not answer ${pattern} within ${timeoutMs} ms`, { cause: error });
  }
  const message = error instanceof Error ? error.message : typeof error === 'object' && error ? JSON.stringify(error) : String(error);
  if (/no subscribers listening/i.test(message)) {
    return new QuotaUnavailableError(`no quota service is listening for ${pattern}`, { cause: error });
  }
  return new QuotaUnavailableError(`the quota service could not be asked ${pattern}: ${message}`, { cause: error });
}

/** A QuotaClient that owns its ClientProxy, and closes it when the app stops. */
export class QuotaRpcClient extends QuotaClient implements OnApplicationShutdown {
  constructor(
    private readonly proxy: ClientProxy,
    namespace: string,
    timeoutMs: number,
  ) {
    super(async <T>(pattern: string, data: unknown): Promise<QuotaAnswer<T>> => {
      try {
        return await firstValueFrom(proxy.send<QuotaAnswer<T>>(requestSubject(namespace, pattern), data).pipe(timeout(timeoutMs)));
      } catch (error) {
        throw unavailable(pattern, error, timeoutMs);
      }
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.proxy.close();
  }
}

/** A QuotaClient over its own NATS connection to `natsServers`, requests behind `namespace`. */
export function createQuotaClient(
  target: { natsServers: string[]; natsNamespace: string; name: string },
  { timeoutMs = DEFAULT_QUOTA_TIMEOUT_MS }: QuotaClientOptions = {},
): QuotaRpcClient {
  const proxy = ClientProxyFactory.create({
    transport: Transport.NATS,
    options: { servers: target.natsServers, name: target.name, maxReconnectAttempts: -1 },
  });
  return new QuotaRpcClient(proxy, target.natsNamespace, timeoutMs);
}

/** Provides `QuotaClient` (the class from @app/contracts is the token) to an app's module. */
export function quotaClientProvider(options: QuotaClientOptions = {}): FactoryProvider<QuotaClient> {
  return {
    provide: QuotaClient,
    inject: [PlatformConfig],
    useFactory: (config: PlatformConfig) =>
      createQuotaClient({ natsServers: config.natsServers, natsNamespace: config.natsNamespace, name: `${config.appName}-quota-client` }, options),
  };
}
