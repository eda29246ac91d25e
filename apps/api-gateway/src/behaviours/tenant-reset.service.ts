// POST /os-behaviours/reset: removes every resource of one tenant (or of every tenant in the
// identity directory) without a restart, through the same paths the API's deletes take, so
// that every app hears of it as it would of a client's deletes: the behaviours (the tenant's:
// those whose criteria name it; with no tenant, all), the servers (DeleteServer, as DELETE
// /servers/{id}: the agents release their addresses and claims, quota is given back), the
// floating IPs the tenant allocated (the auto-assigned ones go with their servers), the
// security groups but `default`, the keypairs of every user, and the snapshot images. It asks
// and answers at once; servers reach DELETED as their agents finish. A delete that is refused
// is reported, and the rest go on.

import { Inject, Injectable } from '@nestjs/common';
import { NetworkClient } from '@app/contracts';
import { DEFAULT_SECURITY_GROUP } from '@app/domain';
import type { SqlDb } from '@app/event-store';
import { APP_DB, PlatformConfig } from '@app/platform';
import { Faults } from '../http/faults';
import { IdentityDirectory } from '../identity/identity-directory';
import { ImageCatalog } from '../images/image-catalog.service';
import { FloatingIpHandler } from '../floating-ips/floating-ip.handler';
import { KeypairHandler } from '../keypairs/keypair.handler';
import { SecurityGroupHandler } from '../security-groups/security-group.handler';
import { SecurityGroupQueries } from '../security-groups/security-group.queries';
import { ServerCommands } from '../servers/server-commands.service';
import { BehaviourHandler } from './behaviour.handler';
import type { ResetSummary } from './behaviour.view';
import { GatewayBehaviours } from './gateway-behaviours.service';

/** Deletes in flight at once, per kind of resource. */
const PARALLEL = 8;

@Injectable()
export class TenantReset {
  private readonly s: string;

  constructor(
    private readonly directory: IdentityDirectory,
    private readonly behaviours: GatewayBehaviours,
    private readonly behaviourHandler: BehaviourHandler,
    private readonly servers: ServerCommands,
    private readonly network: NetworkClient,
    private readonly floatingIps: FloatingIpHandler,
    private readonly securityGroups: SecurityGroupHandler,
    private readonly securityGroupQueries: SecurityGroupQueries,
    private readonly keypairs: KeypairHandler,
    private readonly images: ImageCatalog,
    @Inject(APP_DB) private readonly db: SqlDb,
    platform: PlatformConfig,
  ) {
    this.s = `"${platform.appSchema}"`;
  }

  /** Resets one tenant (its id or name), or every tenant when none is given. */
  async reset(tenantRef: string | undefined, requestId: string): Promise<ResetSummary> {
    const tenants = tenantRef === undefined ? this.directory.allTenants().map((t) => t.id) : [this.tenantId(tenantRef)];
    const summary: ResetSummary = { tenants, behaviours: 0, servers: 0, floatingIps: 0, securityGroups: 0, keypairs: 0, images: 0, failures: [] };
    const failed = (resource: string, id: string | number, tenantId: string | null) => (error: unknown) => {
      summary.failures.push({ resource, id: String(id), tenantId, message: (error as Error)?.message ?? String(error) });
    };
    // 1. Behaviours first, so that no injected fault gets in the way of the deletes.
    const behaviours = this.behaviours.all().filter((b) => tenantRef === undefined || (b.criteria.tenantId !== undefined && tenants.includes(b.criteria.tenantId)));
    summary.behaviours = await each(behaviours, (b) => this.behaviourHandler.delete(b.id, requestId), (b) => failed('behaviour', b.id, b.criteria.tenantId ?? null));
    for (const tenantId of tenants) {
      // 2. Servers, as DELETE /servers/{id} (their auto-assigned floating IPs go with them).
      const servers = await this.rows<{ uuid: string }>(`SELECT uuid FROM ${this.s}.servers WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY id`, tenantId);
      summary.servers += await each(
        servers,
        (r) => this.servers.run(r.uuid, { type: 'DeleteServer', at: new Date().toISOString() }, { requestId, tenantId }),
        (r) => failed('server', r.uuid, tenantId),
      );
      // 3. Floating IPs the tenant allocated, as the network app knows them.
      const floating = (await this.network.listFloatingIps({ tenantId })).filter((ip) => !ip.autoAssigned);
      summary.floatingIps += await each(floating, (ip) => this.floatingIps.deallocate(tenantId, ip.id, requestId), (ip) => failed('floating_ip', ip.id, tenantId));
      // 4. Security groups but `default`.
      const groups = (await this.securityGroupQueries.list(tenantId)).filter((g) => g.name !== DEFAULT_SECURITY_GROUP);
      summary.securityGroups += await each(groups, (g) => this.securityGroups.delete(tenantId, g.id, requestId), (g) => failed('security_group', g.id, tenantId));
      // 5. Keypairs of every user of the tenant.
      const keypairs = await this.rows<{ user_id: string; name: string }>(`SELECT user_id, name FROM ${this.s}.keypairs WHERE tenant_id = $1 ORDER BY user_id, name`, tenantId);
      summary.keypairs += await each(
        keypairs,
        (k) => this.keypairs.delete({ tenantId, userId: k.user_id, name: k.name }, requestId),
        (k) => failed('keypair', k.name, tenantId),
      );
      // 6. Snapshot images.
      const images = await this.rows<{ uuid: string }>(`SELECT uuid FROM ${this.s}.images WHERE tenant_id = $1 AND snapshot AND status <> 'DELETED' ORDER BY id`, tenantId);
      summary.images += await each(images, (i) => this.images.deleteImage(i.uuid, requestId), (i) => failed('image', i.uuid, tenantId));
    }
    return summary;
  }

  private tenantId(ref: string): string {
    const tenant = this.directory.tenant(ref);
    if (!tenant) throw Faults.itemNotFound(`Tenant ${ref} could not be found.`);
    return tenant.id;
  }

  private async rows<T>(sql: string, tenantId: string): Promise<T[]> {
    return (await this.db.query<T & Record<string, unknown>>(sql, [tenantId])).rows;
  }
}

/** Runs `work` for every item, PARALLEL at a time; answers how many succeeded, reporting the others. */
async function each<T>(items: T[], work: (item: T) => Promise<unknown>, onError: (item: T) => (error: unknown) => void): Promise<number> {
  let done = 0;
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      try {
        await work(item);
        done++;
      } catch (error) {
        onError(item)(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
  return done;
}
