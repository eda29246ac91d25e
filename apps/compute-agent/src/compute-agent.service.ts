// Starts the compute agent once the app is up and stops it before NATS and Postgres close
// (libs/platform README, "Stop: the order of the hooks").

import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ComputeAgent } from './compute-agent';

@Injectable()
export class ComputeAgentService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(ComputeAgent) private readonly agent: ComputeAgent) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.agent.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.agent.stop();
  }
}
