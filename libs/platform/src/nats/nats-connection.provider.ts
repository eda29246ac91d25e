// The app's raw NATS connection (for JetStream and plain requests), opened once at start and
// reconnecting forever; the NatsLifecycleService drains it at shutdown.

import type { FactoryProvider } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { PlatformConfig } from '../config/platform-config';
import { NATS_CONNECTION } from '../platform.constants';

export const natsConnectionProvider: FactoryProvider<Promise<NatsConnection>> = {
  provide: NATS_CONNECTION,
  inject: [PlatformConfig],
  useFactory: (config: PlatformConfig) =>
    connect({ servers: config.natsServers, name: config.appName, maxReconnectAttempts: -1 }),
};
