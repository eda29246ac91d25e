// Root module of the network service (nova-network): fixed and floating IP pools, security groups.

import { Module } from '@nestjs/common';
import { PlatformModule } from '@app/platform';
import { networkMigrations } from './migrations/network.migrations';

@Module({
  imports: [PlatformModule.forApp({ name: 'network', migrations: networkMigrations })],
})
export class NetworkModule {}
