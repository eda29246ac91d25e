// Root module of the API gateway (nova-api): the HTTP API in JSON and XML, identity, and the
// resources the gateway owns.

import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@app/platform';
import type { GatewayConfig } from './config/gateway-config';
import { ExtensionsController } from './extensions/extensions.controller';
import { FlavorsModule } from './flavors/flavors.module';
import { GatewayCoreModule } from './gateway-core.module';
import type { IdentityDirectory } from './identity/identity-directory';
import { ImagesModule } from './images/images.module';
import { TokensController } from './identity/tokens.controller';
import { KeypairsModule } from './keypairs/keypairs.module';
import { apiGatewayMigrations } from './migrations/api-gateway.migrations';
import { InlineProjectionsService } from './projections/inline-projections.service';
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
      ],
      controllers: [VersionsController, TokensController, ExtensionsController],
      providers: [InlineProjectionsService],
    };
  }
}
