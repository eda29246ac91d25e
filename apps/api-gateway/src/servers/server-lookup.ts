// The server a command route names (its integer id or UUID), if it is the caller's tenant's
// and not deleted; otherwise 404 with the read side's message, so that another tenant's server
// and one that never was look the same.

import { Faults } from '../http/faults';
import type { ServerRecord } from './server-record';
import type { ServerRepository } from './server.repository';

export async function findServer(servers: ServerRepository, tenantId: string, ref: string): Promise<ServerRecord> {
  const server = await servers.find(tenantId, ref);
  if (!server) throw Faults.itemNotFound('Server not found.');
  return server;
}
