// Root module of the network service (nova-network): the fixed and floating IP pools (IPAM),
// floating IP association, and security groups with their rules. The handlers are plain classes over the app's database; this
// module builds them for the app's schema and the validated pools, and adds the NATS controller
// and its metrics.

import { type DynamicModule, Module } from '@nestjs/common';
import { PostgresEventStore, type SqlDb } from '@app/event-store';
import { APP_DB, PlatformConfig, PlatformModule } from '@app/platform';
import { AddressAllocator } from './addresses/address-allocator';
import { AllocatedAddressesRepository } from './addresses/allocated-addresses.repository';
import { FixedIpHandler } from './addresses/fixed-ip.handler';
import { FloatingIpHandler } from './addresses/floating-ip.handler';
import { NetworkEventWriter } from './addresses/network-event-writer';
import { ServerAddressesHandler } from './addresses/server-addresses.handler';
import { NetworkConfig } from './config/network-config';
import { networkMigrations } from './migrations/network.migrations';
import { networkMetricsProvider } from './network-metrics';
import { NetworkController } from './rpc/network.controller';
import { SecurityGroupsController } from './rpc/security-groups.controller';
import { SecurityGroupHandler } from './security-groups/security-group.handler';
import { SecurityGroupsRepository } from './security-groups/security-groups.repository';

@Module({})
export class NetworkModule {
  /** The module for a validated configuration (main.ts loads it before anything starts). */
  static with(networkConfig: NetworkConfig): DynamicModule {
    return {
      module: NetworkModule,
      imports: [PlatformModule.forApp({ name: 'network', migrations: networkMigrations })],
      controllers: [NetworkController, SecurityGroupsController],
      providers: [
        { provide: NetworkConfig, useValue: networkConfig },
        networkMetricsProvider,
        { provide: AllocatedAddressesRepository, inject: [PlatformConfig], useFactory: (c: PlatformConfig) => new AllocatedAddressesRepository(c.appSchema) },
        { provide: AddressAllocator, inject: [AllocatedAddressesRepository], useFactory: (a: AllocatedAddressesRepository) => new AddressAllocator(a) },
        { provide: NetworkEventWriter, inject: [PostgresEventStore], useFactory: (store: PostgresEventStore) => new NetworkEventWriter(store) },
        {
          provide: FixedIpHandler,
          inject: [APP_DB, AllocatedAddressesRepository, AddressAllocator, NetworkEventWriter],
          useFactory: (db: SqlDb, a: AllocatedAddressesRepository, allocator: AddressAllocator, events: NetworkEventWriter) =>
            new FixedIpHandler(db, a, allocator, events, networkConfig.fixedRange),
        },
        {
          provide: FloatingIpHandler,
          inject: [APP_DB, AllocatedAddressesRepository, AddressAllocator, NetworkEventWriter],
          useFactory: (db: SqlDb, a: AllocatedAddressesRepository, allocator: AddressAllocator, events: NetworkEventWriter) =>
            new FloatingIpHandler(db, a, allocator, events, networkConfig.floatingRange),
        },
        {
          provide: ServerAddressesHandler,
          inject: [APP_DB, AllocatedAddressesRepository, NetworkEventWriter],
          useFactory: (db: SqlDb, a: AllocatedAddressesRepository, events: NetworkEventWriter) => new ServerAddressesHandler(db, a, events),
        },
        { provide: SecurityGroupsRepository, inject: [PlatformConfig], useFactory: (c: PlatformConfig) => new SecurityGroupsRepository(c.appSchema) },
        {
          provide: SecurityGroupHandler,
          inject: [APP_DB, SecurityGroupsRepository, NetworkEventWriter],
          useFactory: (db: SqlDb, groups: SecurityGroupsRepository, events: NetworkEventWriter) => new SecurityGroupHandler(db, groups, events),
        },
      ],
    };
  }
}
