// How the gateway gets a ComputeClient (os-getConsoleOutput asks the agent that holds the
// server): the typed client from @app/contracts over the shared RPC transport, on its own NATS
// connection closed at shutdown, like libs/platform's quota and network client providers.
// Anything that keeps the agent from answering is a ComputeUnavailableError.

import type { FactoryProvider, OnApplicationShutdown } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { ComputeClient, ComputeUnavailableError } from '@app/contracts';
import { PlatformConfig, type RpcOptions, type RpcTarget, createRpcProxy, rpcSend } from '@app/platform';

export class ComputeRpcClient extends ComputeClient implements OnApplicationShutdown {
  constructor(
    private readonly proxy: ClientProxy,
    namespace: string,
    timeoutMs?: number,
  ) {
    super(rpcSend(proxy, namespace, 'compute', ComputeUnavailableError, timeoutMs));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.proxy.close();
  }
}

export function createComputeClient(target: RpcTarget, options: RpcOptions = {}): ComputeRpcClient {
  return new ComputeRpcClient(createRpcProxy(target), target.natsNamespace, options.timeoutMs);
}

/** Provides `ComputeClient` (the class from @app/contracts is the token). */
export function computeClientProvider(options: RpcOptions = {}): FactoryProvider<ComputeClient> {
  return {
    provide: ComputeClient,
    inject: [PlatformConfig],
    useFactory: (config: PlatformConfig) =>
      createComputeClient({ natsServers: config.natsServers, natsNamespace: config.natsNamespace, name: `${config.appName}-compute-client` }, options),
  };
}
