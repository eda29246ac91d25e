// Per-phase durations from the servers' own events: each app writes the event that starts or
// ends a step (the scheduler ServerScheduled, the compute agent ServerNetworkingStarted, ...),
// and the log records when (recorded_at, the database's clock at the insert). The span between
// two events of one stream is how long the stack took for that step, free of the client's
// polling interval. Read after the run from <event_store>.events by stream name.

import { Pool } from 'pg';
import type { ScenarioName } from './load-types';

export interface EventSpan {
  phase: string;
  from: string;
  to: string;
}

/** Every server-side phase, as a span between two events of the server's stream. */
export const SERVER_EVENT_SPANS: readonly EventSpan[] = [
  { phase: 'scheduling', from: 'ServerCreateRequested', to: 'ServerScheduled' },
  { phase: 'dispatch', from: 'ServerScheduled', to: 'ServerNetworkingStarted' },
  { phase: 'networking', from: 'ServerNetworkingStarted', to: 'ServerBlockDeviceMappingStarted' },
  { phase: 'block_device_mapping', from: 'ServerBlockDeviceMappingStarted', to: 'ServerSpawningStarted' },
  { phase: 'spawning', from: 'ServerSpawningStarted', to: 'ServerBuilt' },
  { phase: 'build', from: 'ServerCreateRequested', to: 'ServerBuilt' },
  { phase: 'server_reboot', from: 'ServerRebootRequested', to: 'ServerRebooted' },
  { phase: 'server_snapshot', from: 'ServerSnapshotRequested', to: 'ServerSnapshotCompleted' },
  { phase: 'server_delete', from: 'ServerDeleteRequested', to: 'ServerDeleted' },
];

const BUILD_PHASES = ['scheduling', 'dispatch', 'networking', 'block_device_mapping', 'spawning', 'build'];

/** The server-side phases a scenario's servers go through. */
export function serverPhasesOf(scenario: ScenarioName): string[] {
  switch (scenario) {
    case 'boot-and-delete':
    case 'boot-and-list':
      return [...BUILD_PHASES, 'server_delete'];
    case 'boot-reboot-delete':
      return [...BUILD_PHASES, 'server_reboot', 'server_delete'];
    case 'boot-snapshot-delete':
      return [...BUILD_PHASES, 'server_snapshot', 'server_delete'];
    case 'create-and-delete-floating-ip':
      return [];
    default: {
      const _exhaustive: never = scenario;
      return _exhaustive;
    }
  }
}

export interface TimedEvent {
  type: string;
  /** Milliseconds (epoch, fractional). */
  at: number;
}

/** Phase -> ms for one stream's events in stream order: from the first `from` to the first `to` after it. */
export function phasesFromEvents(events: readonly TimedEvent[]): Record<string, number> {
  const phases: Record<string, number> = {};
  for (const span of SERVER_EVENT_SPANS) {
    const start = events.findIndex((e) => e.type === span.from);
    if (start < 0) continue;
    const end = events.findIndex((e, i) => i >= start && e.type === span.to);
    if (end < 0) continue;
    phases[span.phase] = Math.round((events[end].at - events[start].at) * 1000) / 1000;
  }
  return phases;
}

const EVENT_TYPES = [...new Set(SERVER_EVENT_SPANS.flatMap((s) => [s.from, s.to]))];

/** Server UUID -> its phases, read from the event log. */
export async function readServerPhases(databaseUrl: string, schema: string, uuids: readonly string[]): Promise<Map<string, Record<string, number>>> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) throw new Error(`event store schema must be a plain identifier, got '${schema}'`);
  const result = new Map<string, Record<string, number>>();
  if (uuids.length === 0) return result;
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    for (let i = 0; i < uuids.length; i += 1000) {
      const streams = uuids.slice(i, i + 1000).map((uuid) => `server-${uuid}`);
      const { rows } = await pool.query<{ stream_name: string; type: string; at: number }>(
        `SELECT stream_name, type, (extract(epoch FROM recorded_at) * 1000)::float8 AS at
           FROM "${schema}".events
          WHERE stream_name = ANY($1::text[]) AND type = ANY($2::text[])
          ORDER BY stream_name, stream_version`,
        [streams, EVENT_TYPES],
      );
      const byStream = new Map<string, TimedEvent[]>();
      for (const row of rows) {
        if (!byStream.has(row.stream_name)) byStream.set(row.stream_name, []);
        byStream.get(row.stream_name)!.push({ type: row.type, at: Number(row.at) });
      }
      for (const [stream, events] of byStream) result.set(stream.slice('server-'.length), phasesFromEvents(events));
    }
  } finally {
    await pool.end();
  }
  return result;
}
