// The query of GET /images and /images/detail (spec 4.4.10): filters name, status, type,
// server and changes-since, and limit/marker paging. Bad values are 400s naming the parameter.

import { type ImageStatus, IMAGE_STATUSES, isImageStatus } from '@app/domain/image';
import { parseChangesSince } from '../http/changes-since';
import { Faults } from '../http/faults';
import { type PageRequest, type QueryParams, isUuid, parsePageRequest, queryValue } from '../http/pagination';

export interface ImageQuery {
  name?: string;
  status?: ImageStatus;
  /** type=SNAPSHOT: only images made by the createImage server action. */
  snapshotsOnly: boolean;
  /** The UUID of the server the snapshots were taken of. */
  serverId?: string;
  /** Images changed at or after this time, deleted ones included. */
  changesSince?: Date;
  page: PageRequest;
}

function status(raw: string | undefined): ImageStatus | undefined {
  if (raw === undefined) return undefined;
  const upper = raw.trim().toUpperCase();
  if (!isImageStatus(upper)) throw Faults.badRequest(`Invalid status filter [${raw}]: status must be one of ${IMAGE_STATUSES.join(', ')}`);
  return upper;
}

function snapshotsOnly(raw: string | undefined): boolean {
  if (raw === undefined) return false;
  if (raw.trim().toUpperCase() !== 'SNAPSHOT') throw Faults.badRequest(`Invalid type filter [${raw}]: the only type is SNAPSHOT`);
  return true;
}

/** `server` is a server UUID, or a server URL ending in it (`.../servers/<uuid>`). */
function server(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const last = raw.trim().replace(/\/+$/, '').split('/').pop() ?? '';
  if (!isUuid(last)) throw Faults.badRequest(`Invalid server filter [${raw}]: give the server's UUID or its URL`);
  return last.toLowerCase();
}

export function parseImageQuery(query: QueryParams | undefined): ImageQuery {
  const name = queryValue(query, 'name');
  return {
    name: name === undefined || name === '' ? undefined : name,
    status: status(queryValue(query, 'status')),
    snapshotsOnly: snapshotsOnly(queryValue(query, 'type')),
    serverId: server(queryValue(query, 'server')),
    changesSince: parseChangesSince(queryValue(query, 'changes-since')),
    page: parsePageRequest(query),
  };
}
