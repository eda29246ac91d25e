// Behaviours in every app: the registry of those in force (behaviour-registry.ts), their
// metrics, and the bus-fault hook every durable consumer of the app consults. Global and
// imported by PlatformModule, so any app injects BehaviourRegistry and BehaviourMetrics
// without listing them (listing BehaviourRegistry again in an app module would make a second one).

import { Global, Module } from '@nestjs/common';
import { BehaviourMetrics } from './behaviour-metrics';
import { BehaviourRegistry } from './behaviour-registry';
import { BusFaults } from './bus-faults';

@Global()
@Module({
  providers: [BehaviourRegistry, BehaviourMetrics, BusFaults],
  exports: [BehaviourRegistry, BehaviourMetrics],
})
export class BehavioursModule {}
