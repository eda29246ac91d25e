// The os-floating-ips extension: its controller, the handler that asks the network app (with
// quota) and the reads of the floating_ips read model.

import { Module } from '@nestjs/common';
import { NetworkGatewayModule } from '../network/network-gateway.module';
import { FloatingIpHandler } from './floating-ip.handler';
import { FloatingIpQueries } from './floating-ip.queries';
import { FloatingIpsController } from './floating-ips.controller';

@Module({
  imports: [NetworkGatewayModule],
  controllers: [FloatingIpsController],
  providers: [FloatingIpHandler, FloatingIpQueries],
})
export class FloatingIpsModule {}
