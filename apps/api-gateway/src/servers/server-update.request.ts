// The body of PUT /servers/{server_id} (spec 4.4.6.2): `{"server": {"name": "new-name"}}` or
// `<server><name>new-name</name></server>`. Nova also takes accessIPv4 and accessIPv6 here;
// a field left out is left as it is, and a body changing nothing answers the server unchanged.

import { IsDefined, IsObject } from 'class-validator';
import { parseAccessIp, parseServerName } from './server-request-fields';

export class UpdateServerBody {
  @IsDefined({ message: 'server is required' })
  @IsObject({ message: 'server must be an object' })
  server: Record<string, unknown>;
}

export interface UpdateServerRequest {
  name?: string;
  accessIPv4?: string;
  accessIPv6?: string;
}

export function parseUpdateServerRequest(server: Record<string, unknown>): UpdateServerRequest {
  const update: UpdateServerRequest = {};
  if (server.name !== undefined) update.name = parseServerName(server.name, 'server.name');
  const v4 = parseAccessIp(server.accessIPv4, 'server.accessIPv4', 4);
  const v6 = parseAccessIp(server.accessIPv6, 'server.accessIPv6', 6);
  if (v4 !== undefined) update.accessIPv4 = v4;
  if (v6 !== undefined) update.accessIPv6 = v6;
  return update;
}
