// One compute agent: its hosts, its durable consumer and its worker, wired from plain parts so
// that the Nest module only hands it its dependencies. `start()` in this order:
//  1. take the agent's lock (one process per agent id);
//  2. register the hosts not registered yet, load the fleet (which hosts are up);
//  3. start the heartbeat;
//  4. resume every unfinished task (nothing stays in BUILD after a crash);
//  5. start the consumer `compute-agent-<agentId>` on the server events;
//  6. report SHUTDOWN again for the servers of hosts that are down.
// `stop()` undoes it: heartbeat, consumer, worker (tasks stay unfinished), lock.

import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Behaviour, BehaviourKind, NetworkClient, QuotaClient } from '@app/contracts';
import { EventConsumer, type PostgresEventStore, type RelayLogger, type SqlDb, ensureEventsStream } from '@app/event-store';
import { BehaviourMatches } from '@app/platform';
import { AgentStarted } from './agent-started';
import { BuildBehaviours } from './behaviours/build-behaviours';
import type { ComputeMetrics } from './compute-agent-metrics';
import type { ComputeAgentConfig } from './config/compute-agent-config';
import { ConsoleLinesRepository } from './console/console-lines.repository';
import { ConsoleOutputHandler } from './console/console-output.handler';
import { stepProfile } from './fake-virt/step-profile';
import { Heartbeat } from './hosts/heartbeat';
import { HostFleet } from './hosts/host-fleet';
import { hostSpecs } from './hosts/host-names';
import { HostRegistration } from './hosts/host-registration';
import { HostStateHandler } from './hosts/host-state.handler';
import { HostsRepository } from './hosts/hosts.repository';
import { PowerStateSync } from './hosts/power-state-sync';
import { InstanceTasksRepository } from './instances/instance-tasks.repository';
import { InstancesRepository } from './instances/instances.repository';
import { ComputeEventsHandler } from './work/compute-events.handler';
import type { ComputeDeps, WorkLogger } from './work/compute-deps';
import { ComputeManager } from './work/compute-manager';
import { ServerSteps } from './work/server-steps';
import { TaskWorker } from './work/task-worker';

export interface ComputeAgentDeps {
  config: ComputeAgentConfig;
  db: SqlDb;
  store: PostgresEventStore;
  /** The app's schema (its tables and consumer tables). */
  schema: string;
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  namespace: string;
  network: NetworkClient;
  quota: QuotaClient;
  metrics: ComputeMetrics;
  log: WorkLogger;
  lock: { acquire(): Promise<void>; release(): Promise<void> };
  /** The behaviours in force (the app's BehaviourRegistry) and their metrics; none applied when absent. */
  behaviours?: { registry: { active(): readonly Behaviour[] }; metrics?: { applied(kind: BehaviourKind): void } };
}

export class ComputeAgent {
  readonly started = new AgentStarted();
  readonly fleet = new HostFleet();
  readonly consoleOutput: ConsoleOutputHandler;
  readonly hostState: HostStateHandler;
  readonly worker: TaskWorker;
  private readonly registration: HostRegistration;
  private readonly heartbeat: Heartbeat;
  private readonly powerSync: PowerStateSync;
  private readonly events: ComputeEventsHandler;
  private consumer?: EventConsumer;

  constructor(private readonly d: ComputeAgentDeps) {
    const { config, db, store, schema, metrics, log } = d;
    const agentId = config.agentId;
    const hosts = new HostsRepository(schema);
    const instances = new InstancesRepository(schema);
    const tasks = new InstanceTasksRepository(schema);
    const consoles = new ConsoleLinesRepository(schema);
    const steps = new ServerSteps(store, db);
    const now = () => new Date().toISOString();
    const deps: ComputeDeps = {
      agentId, db, steps, network: d.network, quota: d.quota, instances, tasks, consoles, fleet: this.fleet,
      profile: stepProfile(config.profile, config.latencyOverrides, config.failureRates), seed: config.faultSeed, metrics, log, now,
      behaviourMetrics: d.behaviours?.metrics,
    };
    const manager = new ComputeManager(deps, config.maxConcurrentTasks);
    this.worker = new TaskWorker({ db, tasks, agentId, run: (task, signal) => manager.run(task, signal), metrics, log });
    this.registration = new HostRegistration(db, store, hosts, agentId);
    this.heartbeat = new Heartbeat({ nc: d.nc, namespace: d.namespace, agentId, fleet: this.fleet, intervalMs: config.heartbeatIntervalMs });
    this.powerSync = new PowerStateSync({ db, steps, instances, consoles, now });
    this.hostState = new HostStateHandler({
      agentId, db, store, hosts, fleet: this.fleet, powerSync: this.powerSync,
      changed: () => this.hostsChanged(),
      onSyncFailure: (host, error) => log.warn({ host, err: (error as Error)?.stack ?? String(error) }, 'reporting the power state of a down host failed; it runs again at the next start'),
    });
    this.consoleOutput = new ConsoleOutputHandler({ agentId, db, instances, consoles });
    const behaviours = d.behaviours ? new BuildBehaviours({ registry: d.behaviours.registry, matches: new BehaviourMatches(schema) }) : undefined;
    this.events = new ComputeEventsHandler({ agentId, store, instances, tasks, behaviours, queued: (task) => this.worker.enqueue(task) });
  }

  async start(): Promise<void> {
    const { config, log } = this.d;
    await this.d.lock.acquire();
    const began = Date.now();
    const specs = hostSpecs(config);
    const { hosts, registered } = await this.registration.register(specs);
    const registerMs = Date.now() - began;
    const simulated = new Set(specs.map((s) => s.name));
    this.fleet.load(hosts.filter((h) => simulated.has(h.name)));
    this.hostsChanged();
    this.heartbeat.start();
    const resumed = await this.worker.resume();
    await ensureEventsStream(this.d.jsm, this.d.namespace);
    const relayLog: RelayLogger = { log: (m) => log.info({}, m), warn: (m) => log.warn({}, m) };
    this.consumer = new EventConsumer({
      name: `compute-agent-${config.agentId}`, category: 'server', js: this.d.js, jsm: this.d.jsm, namespace: this.d.namespace, db: this.d.db,
      schema: this.d.schema, store: this.d.store, handle: (event, tx) => this.events.handle(event, tx), logger: relayLog,
      concurrency: 16,
      interestedIn: (event) => this.events.interestedIn(event),
    });
    await this.consumer.start();
    for (const host of this.fleet.downHosts()) {
      void this.powerSync.hostDown(host, 'down when the agent started').catch((error) => log.warn({ host, err: String(error) }, 'power state sync failed'));
    }
    this.started.open();
    log.info({ hosts: this.fleet.size, registered, registerMs, resumed, ms: Date.now() - began }, 'compute agent started');
  }

  async stop(): Promise<void> {
    this.heartbeat.stop();
    await this.consumer?.stop();
    await this.worker.stop();
    await this.d.lock.release();
  }

  private hostsChanged(): void {
    const down = this.fleet.downHosts().length;
    this.d.metrics.hosts.set({ state: 'up' }, this.fleet.size - down);
    this.d.metrics.hosts.set({ state: 'down' }, down);
    this.heartbeat.beat();
  }
}
