// The security_groups extension (/os-security-groups, /os-security-group-rules): its
// controllers, the handler that asks the network app (with quota), and the reads of the
// security groups read model.

import { Module } from '@nestjs/common';
import { NetworkGatewayModule } from '../network/network-gateway.module';
import { SecurityGroupRulesController } from './security-group-rules.controller';
import { SecurityGroupHandler } from './security-group.handler';
import { SecurityGroupQueries } from './security-group.queries';
import { SecurityGroupsController } from './security-groups.controller';

@Module({
  imports: [NetworkGatewayModule],
  controllers: [SecurityGroupsController, SecurityGroupRulesController],
  providers: [SecurityGroupHandler, SecurityGroupQueries],
})
export class SecurityGroupsModule {}
