// Which security groups a server may be given (create, addSecurityGroup, removeSecurityGroup):
// `default`, which every tenant has (the network app makes it on first use), and the tenant's
// own groups, which the network app keeps and finds by name. Only names other than `default`
// are asked about, so a server with the default group needs no network app to be created.
// Nova: nova/compute/api.py _check_requested_secgroups.

import { Injectable } from '@nestjs/common';
import { NetworkClient, NetworkUnavailableError } from '@app/contracts';
import { Faults } from '../http/faults';

export const DEFAULT_SECURITY_GROUP = 'default';

@Injectable()
export class ServerSecurityGroups {
  constructor(private readonly network: NetworkClient) {}

  /** The names among `names` that name none of the tenant's security groups. */
  async unknown(tenantId: string, names: readonly string[], correlationId: string): Promise<string[]> {
    const asked = names.filter((name) => name !== DEFAULT_SECURITY_GROUP);
    if (asked.length === 0) return [];
    try {
      const found = new Set((await this.network.findSecurityGroups({ tenantId, names: asked, correlationId })).map((g) => g.name));
      return asked.filter((name) => !found.has(name));
    } catch (error) {
      if (error instanceof NetworkUnavailableError) throw Faults.serviceUnavailable('The network service is unavailable to look security groups up; retry later.');
      throw error;
    }
  }
}
