// Root module of the compute agent (nova-compute + a fake virt driver): simulated hypervisors
// and the server build, reboot, rebuild, snapshot and delete steps. The agent itself is plain
// classes (compute-agent.ts); this module builds it for the app's configuration, schema, NATS
// connection and clients, and adds the NATS controller made for the agent's id.

import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { NetworkClient, QuotaClient } from '@app/contracts';
import { PostgresEventStore, type SqlDb } from '@app/event-store';
import {
  APP_DB, BehaviourMetrics, BehaviourRegistry, NATS_CONNECTION, PINO_LOGGER, PlatformConfig, PlatformModule, networkClientProvider, quotaClientProvider,
  type NatsConnection, type PinoLogger,
} from '@app/platform';
import { AgentLock } from './agent-lock';
import { AgentStarted } from './agent-started';
import { ComputeAgent } from './compute-agent';
import { COMPUTE_METRICS, type ComputeMetrics, computeMetricsProvider } from './compute-agent-metrics';
import { ComputeAgentService } from './compute-agent.service';
import type { ComputeAgentConfig } from './config/compute-agent-config';
import { ConsoleOutputHandler } from './console/console-output.handler';
import { HostStateHandler } from './hosts/host-state.handler';
import { computeAgentMigrations } from './migrations/compute-agent.migrations';
import { computeAgentController } from './rpc/compute-agent.controller';

@Module({})
export class ComputeAgentModule {
  /** The module for a validated configuration (main.ts loads it before anything starts). */
  static with(config: ComputeAgentConfig): DynamicModule {
    return {
      module: ComputeAgentModule,
      imports: [PlatformModule.forApp({ name: 'compute-agent', migrations: computeAgentMigrations })],
      controllers: [computeAgentController(config.agentId)],
      providers: [
        computeMetricsProvider,
        networkClientProvider(),
        quotaClientProvider(),
        {
          provide: ComputeAgent,
          inject: [APP_DB, PostgresEventStore, PlatformConfig, NATS_CONNECTION, NetworkClient, QuotaClient, COMPUTE_METRICS, PINO_LOGGER, DataSource, BehaviourRegistry, BehaviourMetrics],
          useFactory: async (
            db: SqlDb, store: PostgresEventStore, platform: PlatformConfig, nc: NatsConnection, network: NetworkClient, quota: QuotaClient,
            metrics: ComputeMetrics, pino: PinoLogger, dataSource: DataSource, behaviours: BehaviourRegistry, behaviourMetrics: BehaviourMetrics,
          ) => {
            const log = pino.child({ component: 'compute-agent', agentId: config.agentId });
            return new ComputeAgent({
              config, db, store, schema: platform.appSchema, nc, js: jetstream(nc), jsm: await jetstreamManager(nc), namespace: platform.natsNamespace,
              network, quota, metrics,
              log: { info: (fields, message) => log.info(fields, message), warn: (fields, message) => log.warn(fields, message) },
              lock: new AgentLock(dataSource, `compute-agent:${platform.appSchema}:${config.agentId}`, config.agentId),
              behaviours: { registry: behaviours, metrics: behaviourMetrics },
            });
          },
        },
        { provide: AgentStarted, inject: [ComputeAgent], useFactory: (agent: ComputeAgent) => agent.started },
        { provide: ConsoleOutputHandler, inject: [ComputeAgent], useFactory: (agent: ComputeAgent) => agent.consoleOutput },
        { provide: HostStateHandler, inject: [ComputeAgent], useFactory: (agent: ComputeAgent) => agent.hostState },
        ComputeAgentService,
      ],
    };
  }
}
