// What every gateway feature module shares: the gateway's configuration, the identity
// directory, tokens and the tenant guard.

import { type DynamicModule, Global, Module } from '@nestjs/common';
import { GatewayConfig } from './config/gateway-config';
import { IdentityDirectory } from './identity/identity-directory';
import { TenantGuard } from './identity/tenant.guard';
import { TokenService } from './identity/token.service';

@Global()
@Module({})
export class GatewayCoreModule {
  static forRoot(config: GatewayConfig, directory: IdentityDirectory): DynamicModule {
    return {
      module: GatewayCoreModule,
      providers: [{ provide: GatewayConfig, useValue: config }, { provide: IdentityDirectory, useValue: directory }, TokenService, TenantGuard],
      exports: [GatewayConfig, IdentityDirectory, TokenService, TenantGuard],
    };
  }
}
