// Root module of the API gateway (nova-api): the HTTP API in JSON and XML, identity, and the
// resources the gateway owns.

import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, inlineProjections } from '@app/platform';
import { BehavioursModule } from './behaviours/behaviours.module';
import type { GatewayConfig } from './config/gateway-config';
import { ExtensionsController } from './extensions/extensions.controller';
import { FlavorsModule } from './flavors/flavors.module';
import { FloatingIpsModule } from './floating-ips/floating-ips.module';
import { GatewayCoreModule } from './gateway-core.module';
import type { IdentityDirectory } from './identity/identity-directory';
import { ImagesModule } from './images/images.module';
import { InstanceActionsModule } from './instance-actions/instance-actions.module';
import { TokensController } from './identity/tokens.controller';
import { KeypairsModule } from './keypairs/keypairs.module';
import { LimitsModule } from './limits/limits.module';
import { apiGatewayMigrations } from './migrations/api-gateway.migrations';
import { imageProjection } from './images/image.projection';
import { keypairProjection } from './keypairs/keypair.projection';
import { QuotaClientModule } from './quota/quota-client.module';
import { QuotaSetsModule } from './quota/quota-sets.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { SecurityGroupsModule } from './security-groups/security-groups.module';
import { ServersModule } from './servers/servers.module';
import { VersionsController } from './versions/versions.controller';

@Module({})
export class ApiGatewayModule {
  static forRoot(config: GatewayConfig, directory: IdentityDirectory): DynamicModule {
    return {
      module: ApiGatewayModule,
      imports: [
        PlatformModule.forApp({ name: 'api-gateway', migrations: apiGatewayMigrations }),
        GatewayCoreModule.forRoot(config, directory),
        KeypairsModule,
        FlavorsModule,
        ImagesModule,
        QuotaClientModule,
        RateLimitModule,
        LimitsModule,
        QuotaSetsModule,
        InstanceActionsModule,
        ServersModule,
        FloatingIpsModule,
        SecurityGroupsModule,
        BehavioursModule,
      ],
      controllers: [VersionsController, TokensController, ExtensionsController],
      // Images and keypairs are projected in the append's transaction; rebuilt if found empty.
      providers: [...inlineProjections([imageProjection, keypairProjection])],
    };
  }
}
