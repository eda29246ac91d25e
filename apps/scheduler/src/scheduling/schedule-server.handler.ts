// ServerCreateRequested -> a host, claimed, and ServerScheduled; or ServerSchedulingFailed with
// the filter trace. Runs in the 'scheduler' consumer's transaction, so the claim, the host's
// usage, the server's event and the consumer's record of the request commit together or not
// at all. Nova: nova/scheduler/filter_scheduler.py (select_destinations) with placement's claim.
//
//  0 before the transaction (the consumer's `prepare`): a delay a behaviour asks for;
//  1 a savepoint, so that a refusal undoes the claim and nothing else; a behaviour that fails
//    the scheduling (fail-scheduling) goes straight to step 3 with its fault;
//  2 the claim the server already holds (a redelivery), or: choose a host in memory, claim it
//    with the conditional UPDATE, and when a concurrent claim took its room first, reload that
//    host and choose again (SCHEDULER_CLAIM_ATTEMPTS hosts at most);
//  3 ScheduleServer (or FailScheduling) through the server's decider, appended in this transaction;
//  4 the decider refuses (the server was deleted meanwhile): back to the savepoint, nothing
//    happened; any other error rolls the whole transaction back and the consumer retries.

import { type RecordedEvent, idOf } from '@app/contracts';
import {
  InvalidServerRequestError, InvalidServerStateError, ServerAlreadyExistsError, ServerNotFoundError, serverDecider,
  type ServerCommand, type ServerCreateRequested, type ServerEvent, type ServerState,
} from '@app/domain/server';
import { DeciderRunner, type PostgresEventStore, type SqlDb, type SqlTx } from '@app/event-store';
import { type CreateRequest, SchedulingBehaviours } from '../behaviours/scheduling-behaviours';
import type { ClaimsRepository } from '../claims/claims.repository';
import type { AllocationRatios } from '../config/scheduler-config';
import type { HostFilter } from '../filters/host-filter';
import type { ComputeHostRow, ComputeHostsRepository } from '../hosts/compute-hosts.repository';
import type { HostManager } from '../hosts/host-manager';
import type { RequestSpec } from '../hosts/host-state';
import { requestSpecOf } from '../hosts/request-spec';
import type { DecisionOutcome, SchedulerMetrics } from '../scheduler-metrics';
import type { HostWeigher } from '../weighers/host-weigher';
import { type FilterStep, selectHost } from './filter-scheduler';
import { noValidHostFault } from './no-valid-host';

export interface SchedulingPolicy {
  filters: readonly HostFilter[];
  weighers: readonly HostWeigher[];
  ratios: AllocationRatios;
  subsetSize: number;
  claimAttempts: number;
}

export interface ScheduleServerDeps {
  store: PostgresEventStore;
  db: SqlDb;
  hosts: HostManager;
  hostRows: ComputeHostsRepository;
  claims: ClaimsRepository;
  policy: SchedulingPolicy;
  metrics?: SchedulerMetrics;
  /** The behaviours (fault injection) applied to decisions; none when absent. */
  behaviours?: SchedulingBehaviours;
  clock?: () => number;
  random?: () => number;
}

type Placement = { row: ComputeHostRow } | { row: null; trace: FilterStep[]; lostClaims: string[] };

export class ScheduleServerHandler {
  private readonly runner: DeciderRunner<ServerCommand, ServerEvent, ServerState>;
  private readonly clock: () => number;

  constructor(private readonly d: ScheduleServerDeps) {
    this.runner = new DeciderRunner(serverDecider, d.store, d.db, 'scheduler');
    this.clock = d.clock ?? Date.now;
  }

  /** Before the decision's transaction: the wait a delay-step behaviour asks for. */
  async prepare(event: CreateRequest, signal: AbortSignal): Promise<void> {
    await this.d.behaviours?.wait(event, signal);
  }

  async handle(event: RecordedEvent<'ServerCreateRequested', ServerCreateRequested['data']>, tx: SqlTx): Promise<void> {
    const started = performance.now();
    const serverUuid = idOf(event.streamName);
    const spec = requestSpecOf(event.data);
    const context = { correlationId: event.metadata.correlationId, causationId: event.eventId, tenantId: event.metadata.tenantId ?? event.data.tenantId };
    let outcome: DecisionOutcome;
    let claimed: ComputeHostRow | null = null;
    let injected = false;
    await tx.query('SAVEPOINT schedule_server');
    try {
      // A behaviour failing the scheduling decides before any host is looked at.
      const failure = (await this.d.behaviours?.plan(tx, event))?.failure ?? null;
      const placement: Placement = failure ? { row: null, trace: [], lostClaims: [] } : await this.place(tx, serverUuid, spec);
      const at = new Date(this.clock()).toISOString();
      if (failure) {
        await this.runner.run(event.streamName, { type: 'FailScheduling', fault: SchedulingBehaviours.fault(failure, at) }, context, { tx });
        outcome = 'no_valid_host';
        injected = true;
      } else if (placement.row) {
        claimed = placement.row;
        const { host, agent_id: agentId, availability_zone: availabilityZone } = placement.row;
        await this.runner.run(event.streamName, { type: 'ScheduleServer', host, agentId, availabilityZone, at }, context, { tx });
        outcome = 'scheduled';
      } else {
        await this.runner.run(event.streamName, { type: 'FailScheduling', fault: noValidHostFault(placement.trace, placement.lostClaims, at) }, context, { tx });
        outcome = 'no_valid_host';
      }
      await tx.query('RELEASE SAVEPOINT schedule_server');
    } catch (error) {
      this.d.hosts.revert(serverUuid);
      if (!isRefusal(error)) throw error;
      await tx.query('ROLLBACK TO SAVEPOINT schedule_server');
      claimed = null;
      injected = false;
      outcome = 'refused';
    }
    const row = claimed;
    tx.afterCommit?.(() => {
      if (injected) this.d.behaviours?.failed();
      this.d.hosts.settle(serverUuid);
      if (row) this.d.hosts.applyRow(row);
      this.d.metrics?.decisions.inc({ outcome });
      this.d.metrics?.decisionSeconds.observe((performance.now() - started) / 1000);
    });
  }

  /** Step 2: the claimed host's row, or why there is none. */
  private async place(tx: SqlTx, serverUuid: string, spec: RequestSpec): Promise<Placement> {
    const held = await this.d.claims.find(tx, serverUuid);
    if (held) {
      const row = await this.d.hostRows.find(tx, held.host);
      if (row) return { row };
    }
    const { policy, hosts, metrics } = this.d;
    const lostClaims: string[] = [];
    const exclude = new Set<string>();
    let trace: FilterStep[] = [];
    for (let attempt = 0; attempt < policy.claimAttempts; attempt++) {
      const now = this.clock();
      const selecting = performance.now();
      const selection = selectHost(hosts.hostStates(now), spec, { ...policy, exclude, random: this.d.random });
      metrics?.selectSeconds.observe((performance.now() - selecting) / 1000);
      trace = selection.trace;
      if (!selection.host) break;
      const host = selection.host.host;
      hosts.consume(serverUuid, host, spec, now);
      const row = await this.d.hostRows.consume(tx, host, spec, policy.ratios);
      if (row) {
        if (!(await this.d.claims.insert(tx, { serverUuid, host, vcpus: spec.vcpus, ramMb: spec.ramMb, diskGb: spec.diskGb }))) {
          throw new Error(`server ${serverUuid} got a claim from a concurrent transaction`);
        }
        return { row };
      }
      // Another claim took the room first (or the host went down): see the host as it is now.
      hosts.revert(serverUuid);
      metrics?.claimConflicts.inc();
      lostClaims.push(host);
      exclude.add(host);
      const current = await this.d.hostRows.find(tx, host);
      if (current) hosts.applyRow(current);
    }
    return { row: null, trace, lostClaims };
  }
}

/** The server's decider said no: the server is gone or no longer waits for a host. */
function isRefusal(error: unknown): boolean {
  return error instanceof ServerNotFoundError || error instanceof InvalidServerStateError || error instanceof ServerAlreadyExistsError || error instanceof InvalidServerRequestError;
}
