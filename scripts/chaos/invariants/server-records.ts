// Every server as the log tells it: each `server-<uuid>` stream read from the global log and
// folded with the domain's own `foldServer`, plus the facts the checks need about its history
// (did its build fail, was it ever scheduled). The log is the truth the other tables are
// compared with.

import { categoryOf, idOf, StreamCategory } from '@app/contracts';
import type { PostgresEventStore } from '@app/event-store';
import { type ServerEvent, type ServerState, VmState, foldServer, isServerEvent } from '@app/domain/server';

export interface ServerRecord {
  uuid: string;
  state: ServerState;
  /** The stream's event types, in version order. */
  types: string[];
  version: number;
  /** The global log holds one of its events before an earlier version (an older transaction appended later). */
  outOfOrder: boolean;
  /** The build failed (ServerBuildFailed) or no host was found (ServerSchedulingFailed): it holds no claim. */
  failedBeforeRunning: boolean;
}

export function isLive(record: ServerRecord): boolean {
  return record.state.exists && record.state.vmState !== VmState.Deleted;
}

/** Reads the whole log once and folds every server stream. */
export async function loadServerRecords(store: PostgresEventStore, pageSize = 5000): Promise<Map<string, ServerRecord>> {
  const streams = new Map<string, { version: number; type: string; data: unknown }[]>();
  const head = BigInt(await store.headPosition());
  const deadline = Date.now() + 30_000;
  let position = '0';
  while (BigInt(position) < head) {
    const page = await store.readAll(position, pageSize);
    if (page.length === 0) {
      if (Date.now() > deadline) throw new Error(`the log did not become readable up to position ${head}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    for (const event of page) {
      if (categoryOf(event.streamName) !== StreamCategory.Server) continue;
      const uuid = idOf(event.streamName);
      const entry = streams.get(uuid) ?? [];
      entry.push({ version: event.streamVersion, type: event.type, data: event.data });
      streams.set(uuid, entry);
    }
    position = page[page.length - 1].position;
  }
  const records = new Map<string, ServerRecord>();
  for (const [uuid, logOrder] of streams) {
    const ordered = [...logOrder].sort((a, b) => a.version - b.version);
    const types = ordered.map((e) => e.type);
    records.set(uuid, {
      uuid,
      state: foldServer(ordered.filter((e) => isServerEvent(e)).map((e) => ({ type: e.type, data: e.data }) as ServerEvent)),
      types,
      version: ordered.length === 0 ? 0 : ordered[ordered.length - 1].version,
      outOfOrder: logOrder.some((e, i) => e.version !== ordered[i].version),
      failedBeforeRunning: types.includes('ServerBuildFailed') || types.includes('ServerSchedulingFailed'),
    });
  }
  return records;
}
