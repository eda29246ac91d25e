// Provides the app's NATS connection under NATS_CONNECTION, and the service that watches and drains it.

import { Global, Module } from '@nestjs/common';
import { NATS_CONNECTION } from '../platform.constants';
import { natsConnectionProvider } from './nats-connection.provider';
import { NatsLifecycleService } from './nats-lifecycle.service';

@Global()
@Module({
  providers: [natsConnectionProvider, NatsLifecycleService],
  exports: [NATS_CONNECTION, NatsLifecycleService],
})
export class NatsModule {}
