// Instance actions (Nova's os-instance-actions) and the administrators' raw view of a server's
// events: the read model is kept by its own durable consumer, 'instance-actions'.

import { Module } from '@nestjs/common';
import { liveProjections } from '@app/platform';
import { ServersModule } from '../servers/servers.module';
import { instanceActionProjection } from './instance-action.projection';
import { InstanceActionRepository } from './instance-action.repository';
import { InstanceActionsController } from './instance-actions.controller';
import { ServerEventsController } from './server-events.controller';

@Module({
  imports: [ServersModule],
  controllers: [InstanceActionsController, ServerEventsController],
  providers: [InstanceActionRepository, ...liveProjections([instanceActionProjection])],
})
export class InstanceActionsModule {}
