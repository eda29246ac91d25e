// How an app gets a QuotaClient: the typed client from @app/contracts over the shared RPC
// transport (rpc/rpc-transport.ts), on its own NATS connection closed at shutdown. Anything
// that keeps the quota app from answering is a QuotaUnavailableError.
//
//   @Module({ providers: [quotaClientProvider()] })   // then inject `QuotaClient`

import type { FactoryProvider, OnApplicationShutdown } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { QuotaClient, QuotaUnavailableError } from '@app/contracts';
import { PlatformConfig } from '../config/platform-config';
import { type RpcOptions, type RpcTarget, createRpcProxy, rpcSend } from '../rpc/rpc-transport';

export class QuotaRpcClient extends QuotaClient implements OnApplicationShutdown {
  constructor(
    private readonly proxy: ClientProxy,
    namespace: string,
    timeoutMs?: number,
  ) {
    super(rpcSend(proxy, namespace, 'quota', QuotaUnavailableError, timeoutMs));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.proxy.close();
  }
}

export function createQuotaClient(target: RpcTarget, options: RpcOptions = {}): QuotaRpcClient {
  return new QuotaRpcClient(createRpcProxy(target), target.natsNamespace, options.timeoutMs);
}

/** Provides `QuotaClient` (the class from @app/contracts is the token) to an app's module. */
export function quotaClientProvider(options: RpcOptions = {}): FactoryProvider<QuotaClient> {
  return {
    provide: QuotaClient,
    inject: [PlatformConfig],
    useFactory: (config: PlatformConfig) =>
      createQuotaClient({ natsServers: config.natsServers, natsNamespace: config.natsNamespace, name: `${config.appName}-quota-client` }, options),
  };
}
