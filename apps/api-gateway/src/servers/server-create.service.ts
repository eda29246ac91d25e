// The create flow of POST /servers (spec 4.4.5.2), as numbered steps. Every refusal comes
// before step 6, so a refused request writes nothing and holds no quota.
//  1. the tenant's per-request limits (maxServerMeta, maxPersonality, maxPersonalitySize): 413
//  2. imageRef, flavorRef, key_name, security groups, config_drive looked up: 400 naming the field
//  3. how many servers fit the quota: fewer than min_count is 413, else n = min(max_count, fits)
//  4. reserve n instances, their cores and RAM (a concurrent request may take the room: 413)
//  5. ids: UUIDs, integer ids from the `server_ids` sequence, one reservation id `r-xxxxxxxx`
//  6. one CreateServer per server, all in one transaction with their read-model rows; if it
//     fails, nothing was written and the reservation is rolled back
// The quota app turns the reservation into usage as it counts each ServerCreateRequested.
// Nova: nova/api/openstack/compute/servers.py create, nova/compute/api.py _create_instance.

import { randomInt, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type LimitsAnswer, QuotaClient, QuotaExceededError, type QuotaResource } from '@app/contracts';
import type { ServerCreateRequested } from '@app/domain/server';
import type { SqlDb } from '@app/event-store';
import { APP_DB, PINO_LOGGER, PlatformConfig, type PinoLogger } from '@app/platform';
import type { Flavor } from '../flavors/flavor';
import { FlavorRepository } from '../flavors/flavor.repository';
import { Faults } from '../http/faults';
import type { AuthContext } from '../identity/auth-context';
import type { ImageRecord } from '../images/image-record';
import { ImageRepository } from '../images/image.repository';
import { KeypairQueries } from '../keypairs/keypair.queries';
import { generateAdminPass } from './server-admin-pass';
import { ServerCommands } from './server-commands.service';
import type { CreateServerRequest } from './server-create.request';
import { shortForMessage } from './server-request-fields';
import { checkMetadataCount, checkPersonalityLimits } from './server-request-limits';
import { ServerSecurityGroups } from './server-security-groups';

export interface CreatedServers {
  /** In creation order; the first is the one the answer shows. */
  servers: { uuid: string; id: number }[];
  /** Shown once in the answer, stored nowhere. */
  adminPass: string;
  /** Nova's reservation_id, shared by the servers of this request. */
  multiCreateId: string;
}

const MULTI_CREATE_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Nova's reservation id of a create request: `r-` and 8 random characters (utils.generate_uid('r')). */
export function newMultiCreateId(): string {
  return `r-${Array.from({ length: 8 }, () => MULTI_CREATE_ALPHABET[randomInt(MULTI_CREATE_ALPHABET.length)]).join('')}`;
}

@Injectable()
export class ServerCreateService {
  constructor(
    private readonly commands: ServerCommands,
    private readonly flavors: FlavorRepository,
    private readonly images: ImageRepository,
    private readonly keypairs: KeypairQueries,
    private readonly securityGroups: ServerSecurityGroups,
    private readonly quota: QuotaClient,
    @Inject(APP_DB) private readonly db: SqlDb,
    private readonly platform: PlatformConfig,
    @Inject(PINO_LOGGER) private readonly log: PinoLogger,
  ) {}

  async create(auth: AuthContext, requestId: string, request: CreateServerRequest): Promise<CreatedServers> {
    const { tenantId } = auth;
    // 1-2. The tenant's per-request limits and what the request names, asked all at once (one
    // round trip's latency instead of six), then checked in this order so the fault a client
    // gets does not depend on which answer came first.
    const [limits, imageFound, flavorFound, driveFound, keyFound, unknownFound] = await Promise.allSettled([
      this.quota.limits({ tenantId }),
      this.activeImage(tenantId, request.imageRef, 'imageRef'),
      this.flavors.find(request.flavorRef),
      typeof request.configDrive === 'object' ? this.activeImage(tenantId, request.configDrive.imageRef, 'config_drive') : Promise.resolve(undefined),
      request.keyName === null ? Promise.resolve(null) : this.publicKey(auth, request.keyName),
      this.securityGroups.unknown(tenantId, request.securityGroups, requestId),
    ]);
    const quota = settled(limits);
    checkMetadataCount(Object.keys(request.metadata).length, { maxServerMeta: quota.limits.metadata_items });
    checkPersonalityLimits(request.personality, { maxPersonality: quota.limits.injected_files, maxPersonalitySize: quota.limits.injected_file_content_bytes });
    const image = settled(imageFound);
    const flavor = settled(flavorFound);
    if (!flavor) throw Faults.badRequest(`Invalid flavorRef provided: flavor ${shortForMessage(request.flavorRef)} was not found.`);
    settled(driveFound);
    const publicKey = settled(keyFound);
    const unknown = settled(unknownFound);
    if (unknown.length > 0) throw Faults.badRequest(`Security group ${unknown[0]} not found for project ${tenantId}.`);
    // 3-4. How many fit, and reserve them (for a single server, the reserve alone decides).
    const count = request.maxCount === 1 ? 1 : await this.fitting(tenantId, flavor, request, quota);
    const { reservationId } = await this.quota
      .reserve({ tenantId, deltas: { instances: count, cores: count * flavor.vcpus, ram: count * flavor.ram }, correlationId: requestId })
      .catch((error: unknown) => {
        if (error instanceof QuotaExceededError && request.maxCount === 1) throw tooManyInstances(error.resource, error.requested, error.used, error.limit, request, flavor, 0);
        throw error;
      });
    try {
      // 5. Ids.
      const ids = await this.nextServerIds(count);
      const multiCreateId = newMultiCreateId();
      const requestedAt = new Date().toISOString();
      const servers = ids.map((id) => ({ uuid: randomUUID(), id }));
      const data = (serverId: number): ServerCreateRequested['data'] => ({
        serverId,
        tenantId,
        userId: auth.userId,
        name: request.name,
        imageUuid: image.uuid,
        imageId: image.id,
        flavorId: String(flavor.id),
        vcpus: flavor.vcpus,
        ramMb: flavor.ram,
        diskGb: flavor.disk,
        metadata: request.metadata,
        personality: request.personality,
        userData: request.userData,
        keyName: request.keyName,
        publicKey,
        securityGroups: request.securityGroups,
        configDrive: request.configDrive !== false,
        accessIPv4: request.accessIPv4,
        accessIPv6: request.accessIPv6,
        availabilityZone: request.availabilityZone,
        reservationId,
        multiCreateId,
        requestedAt,
      });
      // 6. Append every server, with its read-model rows, in one transaction.
      await this.db.transaction(async (tx) => {
        for (const server of servers) {
          await this.commands.run(server.uuid, { type: 'CreateServer', data: data(server.id) }, { requestId, tenantId }, { tx });
        }
      });
      return { servers, adminPass: generateAdminPass(), multiCreateId };
    } catch (error) {
      await this.quota.rollback({ reservationId, correlationId: requestId }).catch((rollbackError: unknown) => {
        this.log.warn({ req_id: requestId, err: rollbackError, reservationId }, 'could not roll back the reservation of a failed create; it expires');
      });
      throw error;
    }
  }

  /** An image the tenant can see and boot (ACTIVE), else 400 naming the field. */
  private async activeImage(tenantId: string, ref: string, field: 'imageRef' | 'config_drive'): Promise<ImageRecord> {
    const image = await this.images.find(tenantId, ref);
    if (!image) throw Faults.badRequest(`Invalid ${field} provided: image ${shortForMessage(ref)} was not found.`);
    if (image.status !== 'ACTIVE') throw Faults.badRequest(`Invalid ${field} provided: image ${image.id} is not active (it is ${image.status}).`);
    return image;
  }

  /** The public key of the caller's keypair (keypairs belong to a user in a tenant), else 400. */
  private async publicKey(auth: AuthContext, name: string): Promise<string> {
    const keypair = await this.keypairs.get({ tenantId: auth.tenantId, userId: auth.userId, name });
    if (!keypair) throw Faults.badRequest(`Invalid key_name provided: keypair ${shortForMessage(name)} was not found.`);
    return keypair.publicKey;
  }

  /** min(max_count, what fits the quota); 413 with Nova's TooManyInstances message when fewer than min_count fit. */
  private async fitting(tenantId: string, flavor: Flavor, request: CreateServerRequest, quota: LimitsAnswer): Promise<number> {
    const { fits, limitedBy } = await this.quota.countFit({ tenantId, perInstance: { cores: flavor.vcpus, ram: flavor.ram }, maxCount: request.maxCount });
    if (fits >= request.minCount) return Math.min(request.maxCount, fits);
    const resource: QuotaResource = limitedBy ?? 'instances';
    const per = resource === 'cores' ? flavor.vcpus : resource === 'ram' ? flavor.ram : 1;
    throw tooManyInstances(resource, request.minCount * per, quota.inUse[resource] ?? 0, quota.limits[resource], request, flavor, fits);
  }

  private async nextServerIds(count: number): Promise<number[]> {
    const { rows } = await this.db.query<{ id: string }>(`SELECT nextval('"${this.platform.appSchema}".server_ids')::text AS id FROM generate_series(1, $1)`, [count]);
    return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  }
}

/** The value of a settled promise, or its rejection thrown. */
function settled<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

/** Nova's TooManyInstances, as 413 overLimit. */
function tooManyInstances(resource: QuotaResource, requested: number, used: number, allowed: number, request: CreateServerRequest, flavor: Flavor, fits: number) {
  return Faults.overLimit(
    `Quota exceeded for ${resource}: Requested ${requested}, but already used ${used} of ${allowed} ${resource}`,
    undefined,
    `min_count is ${request.minCount}; ${fits} server${fits === 1 ? '' : 's'} of flavor ${flavor.id} fit`,
  );
}
