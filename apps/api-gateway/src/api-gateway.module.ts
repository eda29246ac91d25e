// Root module of the HTTP API (nova-api): Nova v1.1 in JSON and XML, tokens, flavors, images,
// keypairs and the server read models.

import { Module } from '@nestjs/common';
import { PlatformModule } from '@app/platform';
import { apiGatewayMigrations } from './migrations/api-gateway.migrations';

@Module({
  imports: [PlatformModule.forApp({ name: 'api-gateway', migrations: apiGatewayMigrations })],
})
export class ApiGatewayModule {}
