// Registers the agent's hosts at start: a ComputeHostRegistered in `host-<name>` for each host
// that is new (or whose capacity or zone changed), written with its hosts row in the same
// transaction, many hosts per transaction and a few transactions at once, so that ten thousand
// hosts register in seconds. Hosts registered before are left alone. Nova: the compute_nodes
// row nova-compute creates in update_available_resource.

import { randomUUID } from 'node:crypto';
import { type ComputeHostRegistered, StreamCategory, streamName } from '@app/contracts';
import type { PostgresEventStore, SqlDb } from '@app/event-store';
import type { HostSpec } from './host-names';
import type { HostRow, HostsRepository } from './hosts.repository';

const HOSTS_PER_TRANSACTION = 500;
const TRANSACTIONS_AT_ONCE = 6;

function unchanged(spec: HostSpec, row: HostRow | undefined): boolean {
  return !!row && row.availabilityZone === spec.availabilityZone && row.vcpus === spec.vcpus && row.ramMb === spec.ramMb && row.diskGb === spec.diskGb;
}

export class HostRegistration {
  constructor(
    private readonly db: SqlDb,
    private readonly store: PostgresEventStore,
    private readonly hosts: HostsRepository,
    private readonly agentId: string,
  ) {}

  /** Registers what needs it; returns every host of the agent (with its up flag) and how many were registered now. */
  async register(specs: readonly HostSpec[]): Promise<{ hosts: HostRow[]; registered: number }> {
    const known = new Map((await this.hosts.list(this.db, this.agentId)).map((row) => [row.name, row]));
    const todo = specs.filter((spec) => !unchanged(spec, known.get(spec.name)));
    const chunks: HostSpec[][] = [];
    for (let i = 0; i < todo.length; i += HOSTS_PER_TRANSACTION) chunks.push(todo.slice(i, i + HOSTS_PER_TRANSACTION));
    const correlationId = `req-${randomUUID()}`;
    let registered = 0;
    let next = 0;
    const lane = async () => {
      while (next < chunks.length) {
        const count = await this.registerChunk(chunks[next++], correlationId);
        registered += count;
      }
    };
    await Promise.all(Array.from({ length: Math.min(TRANSACTIONS_AT_ONCE, chunks.length) }, lane));
    return { hosts: await this.hosts.list(this.db, this.agentId), registered };
  }

  private registerChunk(chunk: HostSpec[], correlationId: string): Promise<number> {
    return this.db.transaction(async (tx) => {
      const changed = new Set(await this.hosts.upsert(tx, this.agentId, chunk));
      const at = new Date().toISOString();
      for (const spec of chunk) {
        if (!changed.has(spec.name)) continue;
        const event: ComputeHostRegistered = {
          type: 'ComputeHostRegistered',
          data: { host: spec.name, agentId: this.agentId, availabilityZone: spec.availabilityZone, vcpus: spec.vcpus, ramMb: spec.ramMb, diskGb: spec.diskGb, at },
        };
        await this.store.append(streamName(StreamCategory.Host, spec.name), 'any', [event], { correlationId, producer: 'compute-agent' }, tx);
      }
      return changed.size;
    });
  }
}
