// How an app gets a NetworkClient: the typed client from @app/contracts over the shared RPC
// transport (rpc/rpc-transport.ts), on its own NATS connection closed at shutdown. Anything
// that keeps the network app from answering is a NetworkUnavailableError.
//
//   @Module({ providers: [networkClientProvider()] })   // then inject `NetworkClient`

import type { FactoryProvider, OnApplicationShutdown } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { NetworkClient, NetworkUnavailableError } from '@app/contracts';
import { PlatformConfig } from '../config/platform-config';
import { type RpcOptions, type RpcTarget, createRpcProxy, rpcSend } from '../rpc/rpc-transport';

export class NetworkRpcClient extends NetworkClient implements OnApplicationShutdown {
  constructor(
    private readonly proxy: ClientProxy,
    namespace: string,
    timeoutMs?: number,
  ) {
    super(rpcSend(proxy, namespace, 'network', NetworkUnavailableError, timeoutMs));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.proxy.close();
  }
}

export function createNetworkClient(target: RpcTarget, options: RpcOptions = {}): NetworkRpcClient {
  return new NetworkRpcClient(createRpcProxy(target), target.natsNamespace, options.timeoutMs);
}

/** Provides `NetworkClient` (the class from @app/contracts is the token) to an app's module. */
export function networkClientProvider(options: RpcOptions = {}): FactoryProvider<NetworkClient> {
  return {
    provide: NetworkClient,
    inject: [PlatformConfig],
    useFactory: (config: PlatformConfig) =>
      createNetworkClient({ natsServers: config.natsServers, natsNamespace: config.natsNamespace, name: `${config.appName}-network-client` }, options),
  };
}
