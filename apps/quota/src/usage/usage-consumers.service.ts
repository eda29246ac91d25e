// Runs the usage consumers in this replica through AppConsumers: started once the app is up,
// stopped and drained before NATS and Postgres close (libs/platform README, "Stop: the order
// of the hooks").

import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConsumers } from '@app/platform';
import { UsageApplier } from './usage-applier';
import { usageConsumerSpecs } from './usage-consumers';

@Injectable()
export class UsageConsumersService implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: AppConsumers,
    private readonly applier: UsageApplier,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(usageConsumerSpecs(this.applier).map((spec) => this.consumers.start(spec)));
  }
}
