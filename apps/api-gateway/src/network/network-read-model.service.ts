// The gateway's read models of the network app's resources (floating IPs, security groups):
// projections run live by durable consumers of the network events (libs/platform
// liveProjections). After a change the gateway asked the network app for,
// `floatingIpChanged` / `securityGroupsChanged` bring the affected streams up to date at once
// through the consumers' own bookkeeping (catchUpStream), so a GET right after the POST sees
// the change; the consumer then skips those events as duplicates. The network app answers
// only after its transaction committed, so the stream is complete when this reads it.
// Changes others caused (a server build's floating IP, a release at delete) arrive through
// the consumers. Other gateway features that change floating IPs or groups (server actions)
// can call these too, for the same read-your-writes.

import { Inject, Injectable } from '@nestjs/common';
import { floatingIpStream, securityGroupStream } from '@app/contracts';
import type { Projection, SqlDb } from '@app/event-store';
import { APP_DB, LiveProjections } from '@app/platform';
import { floatingIpProjection } from '../floating-ips/floating-ip.projection';
import { securityGroupProjection } from '../security-groups/security-group.projection';

export const NETWORK_PROJECTIONS: readonly Projection[] = [floatingIpProjection, securityGroupProjection];

@Injectable()
export class NetworkReadModel {
  constructor(
    @Inject(APP_DB) private readonly db: SqlDb,
    private readonly live: LiveProjections,
  ) {}

  /** The floating IP's events are all in the read model when this resolves. */
  floatingIpChanged(id: number): Promise<void> {
    return this.catchUp(floatingIpProjection, [floatingIpStream(id)]);
  }

  /** These groups' events are all in the read model when this resolves. */
  securityGroupsChanged(ids: number[]): Promise<void> {
    return this.catchUp(securityGroupProjection, ids.map(securityGroupStream));
  }

  /** One transaction per stream, as the consumer applies them: never two position rows locked at once. */
  private async catchUp(projection: Projection, streams: string[]): Promise<void> {
    for (const stream of streams) await this.db.transaction((tx) => this.live.catchUp(projection.name, tx, stream));
  }
}
