// Behaviours in the gateway: the admin control API (os-behaviours, reset), the interceptor that
// applies the gateway's kinds to API requests, and host-state through the agents
// (ComputeClient). The registry of the behaviours in force (BehaviourRegistry) comes from the
// platform's global BehavioursModule, like in every app. Reset deletes through the resources'
// own handlers, provided here again (they hold no state).

import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { FloatingIpHandler } from '../floating-ips/floating-ip.handler';
import { FloatingIpQueries } from '../floating-ips/floating-ip.queries';
import { ImagesModule } from '../images/images.module';
import { KeypairHandler } from '../keypairs/keypair.handler';
import { NetworkGatewayModule } from '../network/network-gateway.module';
import { SecurityGroupHandler } from '../security-groups/security-group.handler';
import { SecurityGroupQueries } from '../security-groups/security-group.queries';
import { computeClientProvider } from '../servers/compute-client.provider';
import { ServerCommands } from '../servers/server-commands.service';
import { ServersModule } from '../servers/servers.module';
import { BehaviourCounters } from './behaviour-counters';
import { BehaviourHandler } from './behaviour.handler';
import { BehaviourInterceptor } from './behaviour.interceptor';
import { BehavioursController } from './behaviours.controller';
import { GatewayBehaviours } from './gateway-behaviours.service';
import { TenantReset } from './tenant-reset.service';

@Global()
@Module({
  imports: [ServersModule, ImagesModule, NetworkGatewayModule],
  controllers: [BehavioursController],
  providers: [
    GatewayBehaviours,
    BehaviourCounters,
    BehaviourHandler,
    TenantReset,
    { provide: APP_INTERCEPTOR, useClass: BehaviourInterceptor },
    computeClientProvider(),
    ServerCommands,
    FloatingIpHandler,
    FloatingIpQueries,
    SecurityGroupHandler,
    SecurityGroupQueries,
    KeypairHandler,
  ],
  exports: [GatewayBehaviours],
})
export class BehavioursModule {}
