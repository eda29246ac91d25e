// The event log wired into an app: the `PostgresEventStore` over the app's DataSource (appends
// nudge the relay after COMMIT), the app's `SqlDb` under APP_DB, the relay service, the log's
// metrics (appended, published, consumed, consumer lag), and AppConsumers (the app's durable
// consumers). Imported by PlatformModule, so every app has it.

import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NatsConnection } from '@nats-io/transport-node';
import { PostgresEventStore, TypeOrmDb, appendSignal } from '@app/event-store';
import { PlatformConfig } from '../config/platform-config';
import { NATS_CONNECTION } from '../platform.constants';
import { AppConsumers } from './app-consumers';
import { EventRelayService } from './event-relay.service';
import { EventStoreMetrics } from './event-store-metrics';
import { APP_DB } from './event-store.tokens';

@Global()
@Module({
  providers: [
    { provide: APP_DB, inject: [DataSource], useFactory: (dataSource: DataSource) => new TypeOrmDb(dataSource) },
    EventStoreMetrics,
    {
      provide: PostgresEventStore,
      inject: [APP_DB, NATS_CONNECTION, PlatformConfig, EventStoreMetrics],
      useFactory: (db: TypeOrmDb, nc: NatsConnection, config: PlatformConfig, metrics: EventStoreMetrics) =>
        new PostgresEventStore(db, {
          schema: config.eventStoreSchema,
          onCommitted: appendSignal(nc, config.natsNamespace),
          onAppended: metrics.onAppended,
        }),
    },
    EventRelayService,
    AppConsumers,
  ],
  exports: [APP_DB, PostgresEventStore, AppConsumers],
})
export class EventStoreModule {}
