// What the gateway's network features share (os-floating-ips, os-security-groups, and the
// server actions that touch floating IPs and groups): the NetworkClient (NATS request/reply to
// the network app, with a timeout) and the read models of the network events. Global, so that
// any gateway feature can inject `NetworkClient` and `NetworkReadModel`.

import { Global, Module } from '@nestjs/common';
import { NetworkClient } from '@app/contracts';
import { liveProjections, networkClientProvider } from '@app/platform';
import { NETWORK_PROJECTIONS, NetworkReadModel } from './network-read-model.service';

@Global()
@Module({
  providers: [networkClientProvider(), ...liveProjections(NETWORK_PROJECTIONS), NetworkReadModel],
  exports: [NetworkClient, NetworkReadModel],
})
export class NetworkGatewayModule {}
