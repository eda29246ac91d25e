// The query of GET /servers and /servers/detail (spec 4.4.5.1, 4.4.5.3): filters image,
// flavor, name, status and changes-since, and limit/marker paging. Bad values are 400s naming
// the parameter. Nova: nova/api/openstack/compute/servers.py _get_servers.

import { TaskState, VmState } from '@app/domain/server';
import { parseChangesSince } from '../http/changes-since';
import { Faults } from '../http/faults';
import { type PageRequest, type QueryParams, parsePageRequest, queryValue } from '../http/pagination';

export interface ServerStatusFilter {
  vmState: VmState;
  /** Only when the filter named a task too, as in `BUILD(spawning)`. */
  taskState?: TaskState;
}

export interface ServerQuery {
  /** An image id or UUID (the last segment of an image URL). */
  image?: string;
  /** A flavor id (the last segment of a flavor URL). */
  flavor?: string;
  /** A regular expression the display name must match from its start (Nova's re.match filter). */
  name?: string;
  status?: ServerStatusFilter;
  /** Servers changed at or after this time, deleted ones included. */
  changesSince?: Date;
  page: PageRequest;
}

const VM_STATES = new Set<string>(Object.values(VmState));
const TASK_STATES = new Set<string>(Object.values(TaskState));
const STATUS = /^([A-Za-z_]+)(?:\(([A-Za-z_]+)\))?$/;

/** `ACTIVE`, `active` or `BUILD(spawning)`: the status string the API shows, in any case. */
export function parseStatusFilter(raw: string): ServerStatusFilter {
  const m = STATUS.exec(raw.trim());
  const vmState = m?.[1].toUpperCase();
  const taskState = m?.[2]?.toLowerCase();
  if (!vmState || !VM_STATES.has(vmState) || (taskState !== undefined && !TASK_STATES.has(taskState))) {
    throw Faults.badRequest(`Invalid server status: ${raw}`);
  }
  return { vmState: vmState as VmState, ...(taskState === undefined ? {} : { taskState: taskState as TaskState }) };
}

/** The last path segment of a reference (`120`, a UUID, or `https://.../images/120`). */
function refTail(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const tail = raw.trim().replace(/\/+$/, '').split('/').pop() ?? '';
  return tail === '' ? undefined : tail;
}

export function parseServerQuery(query: QueryParams | undefined): ServerQuery {
  const name = queryValue(query, 'name');
  const status = queryValue(query, 'status');
  const q: ServerQuery = { page: parsePageRequest(query) };
  const image = refTail(queryValue(query, 'image'));
  const flavor = refTail(queryValue(query, 'flavor'));
  if (image !== undefined) q.image = image;
  if (flavor !== undefined) q.flavor = flavor;
  if (name !== undefined && name !== '') q.name = name;
  if (status !== undefined && status.trim() !== '') q.status = parseStatusFilter(status);
  const changesSince = parseChangesSince(queryValue(query, 'changes-since'));
  if (changesSince !== undefined) q.changesSince = changesSince;
  return q;
}
