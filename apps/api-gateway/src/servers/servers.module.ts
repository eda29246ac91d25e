// Servers in the gateway: the read side (this module's query controller, the read model kept
// by the durable consumer 'servers', the repository). Exports ServersReadModel (catchUp in an
// append's transaction, for read-your-writes) and ServerRepository to the command side: create,
// update, delete, actions and metadata (ServerCommands over the server decider), and the
// consumer 'image-snapshots' that finishes createImage's images.

import { Module } from '@nestjs/common';
import { FlavorsModule } from '../flavors/flavors.module';
import { ImagesModule } from '../images/images.module';
import { KeypairQueries } from '../keypairs/keypair.queries';
import { NetworkGatewayModule } from '../network/network-gateway.module';
import { computeClientProvider } from './compute-client.provider';
import { ServerActionsController } from './server-actions.controller';
import { ServerActionsService } from './server-actions.service';
import { ServerCommands } from './server-commands.service';
import { ServerCreateService } from './server-create.service';
import { ServerMetadataController } from './server-metadata.controller';
import { ServerSecurityGroups } from './server-security-groups';
import { ServerSnapshotsConsumer } from './server-snapshots.consumer';
import { ServerRepository } from './server.repository';
import { ServersCommandController } from './servers-command.controller';
import { ServersQueryController } from './servers-query.controller';
import { ServersReadModel, serversReadModelProviders } from './servers-read-model.service';

@Module({
  // The command side (create, update, delete, actions, metadata) looks flavors, images and
  // keypairs up, and asks the network app (NetworkClient) about floating IPs and security groups.
  imports: [FlavorsModule, ImagesModule, NetworkGatewayModule],
  controllers: [ServersQueryController, ServersCommandController, ServerActionsController, ServerMetadataController],
  providers: [
    ServerRepository,
    ...serversReadModelProviders(),
    ServerCommands,
    ServerCreateService,
    ServerActionsService,
    ServerSecurityGroups,
    ServerSnapshotsConsumer,
    KeypairQueries,
    computeClientProvider(),
  ],
  exports: [ServerRepository, ServersReadModel],
})
export class ServersModule {}
