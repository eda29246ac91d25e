// One scheduler replica's moving parts, without Nest (the app's SchedulerService runs one; the
// integration tests run two side by side). Start:
//  1 load the host states from compute_hosts;
//  2 listen to every agent's heartbeat (core NATS, no queue group: every replica needs all);
//  3 reload the host states every SCHEDULER_HOST_REFRESH_MS;
//  4 run the 'scheduler-hosts' consumer;
//  5 once every known agent has heartbeated (or SERVICE_DOWN_TIME_MS has passed), run the
//    'scheduler' consumer: deciding before the first heartbeats would find every host down.
// Stop: the consumers drain, then the rest stops.

import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Registry } from 'prom-client';
import { type Behaviour, type BehaviourKind, COMPUTE_HEARTBEAT_PATTERN, requestSubject } from '@app/contracts';
import { type EventConsumer, type EventConsumerOptions, type PostgresEventStore, type RelayLogger, type SqlDb, ensureEventsStream } from '@app/event-store';
import { BehaviourMatches } from '@app/platform';
import { SchedulingBehaviours } from './behaviours/scheduling-behaviours';
import { ClaimsRepository } from './claims/claims.repository';
import { ReleaseClaimHandler } from './claims/release-claim.handler';
import type { SchedulerConfig } from './config/scheduler-config';
import { DEFAULT_FILTERS } from './filters/default-filters';
import { ComputeHostsProjection } from './hosts/compute-hosts.projection';
import { ComputeHostsRepository } from './hosts/compute-hosts.repository';
import { HeartbeatMonitor, parseHeartbeat } from './hosts/heartbeat-monitor';
import { HostManager } from './hosts/host-manager';
import { hostsConsumer, schedulingConsumer, type SchedulerConsumerOptions } from './scheduler-consumers';
import { createSchedulerMetrics, type SchedulerMetrics } from './scheduler-metrics';
import { ScheduleServerHandler } from './scheduling/schedule-server.handler';
import { ramWeigher } from './weighers/ram.weigher';

export interface SchedulerInstanceOptions {
  db: SqlDb;
  store: PostgresEventStore;
  nc: NatsConnection;
  namespace: string;
  /** The schema of compute_hosts, claims and the consumer tables. */
  schema: string;
  config: SchedulerConfig;
  /** Where the metrics go (the app's /metrics registry); none when absent. */
  registry?: Registry;
  logger?: RelayLogger;
  retries?: Pick<EventConsumerOptions, 'maxDeliver' | 'backoffMs'>;
  /** The behaviours in force (the app's BehaviourRegistry) and their metrics; none applied when absent. */
  behaviours?: { registry: { active(): readonly Behaviour[] }; metrics?: { applied(kind: BehaviourKind): void } };
  clock?: () => number;
  random?: () => number;
}

export class SchedulerInstance {
  readonly heartbeats: HeartbeatMonitor;
  readonly hosts: HostManager;
  readonly metrics?: SchedulerMetrics;
  /** Resolves once the 'scheduler' consumer runs (step 5). */
  readonly deciding: Promise<void>;
  private startDeciding!: () => void;
  private readonly hostRows: ComputeHostsRepository;
  private readonly clock: () => number;
  private subscription?: Subscription;
  private timer?: NodeJS.Timeout;
  private reload?: Promise<void>;
  private warmUp?: Promise<void>;
  private readonly consumers: EventConsumer[] = [];
  private stopped = false;

  constructor(private readonly o: SchedulerInstanceOptions) {
    this.clock = o.clock ?? Date.now;
    this.heartbeats = new HeartbeatMonitor(o.config.serviceDownTimeMs);
    this.hosts = new HostManager(o.config.ratios, this.heartbeats);
    this.hostRows = new ComputeHostsRepository(o.schema);
    if (o.registry) this.metrics = createSchedulerMetrics(o.registry, () => this.hosts.counts(this.clock()));
    this.deciding = new Promise((resolve) => (this.startDeciding = resolve));
  }

  async start(): Promise<void> {
    const { o } = this;
    this.hosts.replaceAll(await this.hostRows.all(o.db), this.clock());
    this.subscription = o.nc.subscribe(requestSubject(o.namespace, COMPUTE_HEARTBEAT_PATTERN), {
      callback: (error, msg) => {
        if (error) return;
        const beat = parseHeartbeat(msg.data);
        if (beat) this.heartbeats.record(beat, this.clock());
      },
    });
    this.scheduleReload();
    const jsm: JetStreamManager = await jetstreamManager(o.nc);
    const js: JetStreamClient = jetstream(o.nc);
    await ensureEventsStream(jsm, o.namespace);
    const options: SchedulerConsumerOptions = { js, jsm, namespace: o.namespace, db: o.db, schema: o.schema, store: o.store, logger: o.logger, retries: o.retries, concurrency: o.config.concurrency };
    const claims = new ClaimsRepository(o.schema);
    const hosts = hostsConsumer(options, new ComputeHostsProjection(this.hostRows, this.hosts));
    await hosts.start();
    this.consumers.push(hosts);
    const schedule = new ScheduleServerHandler({
      store: o.store, db: o.db, hosts: this.hosts, hostRows: this.hostRows, claims, metrics: this.metrics, clock: this.clock, random: o.random,
      behaviours: o.behaviours
        ? new SchedulingBehaviours({ ...o.behaviours, matches: new BehaviourMatches(o.schema), db: o.db, store: o.store })
        : undefined,
      policy: {
        filters: DEFAULT_FILTERS,
        weighers: [ramWeigher(o.config.ramWeightMultiplier)],
        ratios: o.config.ratios,
        subsetSize: o.config.hostSubsetSize,
        claimAttempts: o.config.claimAttempts,
      },
    });
    const decisions = schedulingConsumer(options, schedule, new ReleaseClaimHandler(claims, this.hostRows, this.hosts));
    this.warmUp = this.awaitHeartbeats().then(async () => {
      if (this.stopped) return;
      await decisions.start();
      this.consumers.push(decisions);
      this.startDeciding();
    }).catch((error: unknown) => o.logger?.warn(`scheduler could not start deciding: ${(error as Error).message}`));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.warmUp;
    await Promise.all(this.consumers.map((c) => c.stop()));
    clearTimeout(this.timer);
    await this.reload;
    this.subscription?.unsubscribe();
  }

  /** Reloads every host state from the table now. */
  async reloadHosts(): Promise<void> {
    this.hosts.replaceAll(await this.hostRows.all(this.o.db), this.clock());
  }

  /** Step 5's wait: every agent of a known host has heartbeated, or SERVICE_DOWN_TIME_MS passed. */
  private async awaitHeartbeats(): Promise<void> {
    const deadline = this.clock() + this.o.config.serviceDownTimeMs;
    for (;;) {
      const now = this.clock();
      const silent = [...this.hosts.agentIds()].filter((agent) => !this.heartbeats.isAgentUp(agent, now));
      if (silent.length === 0 || now >= deadline || this.stopped) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private scheduleReload(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.reload = this.reloadHosts()
        .catch((error: unknown) => this.o.logger?.warn(`scheduler could not reload the host states: ${(error as Error).message}`))
        .finally(() => this.scheduleReload());
    }, this.o.config.hostRefreshMs);
  }
}
