// Root module of the compute agent (nova-compute + a fake virt driver): simulated hypervisors
// and the server build, reboot, rebuild, snapshot and delete steps.

import { Module } from '@nestjs/common';
import { PlatformModule } from '@app/platform';
import { computeAgentMigrations } from './migrations/compute-agent.migrations';

@Module({
  imports: [PlatformModule.forApp({ name: 'compute-agent', migrations: computeAgentMigrations })],
})
export class ComputeAgentModule {}
