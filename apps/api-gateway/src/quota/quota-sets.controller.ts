// The os-quota-sets extension, for administrators: a tenant's quota set, the defaults, and
// changing a tenant's limits (the quota app records the change as an event). Any other caller
// is 403; a tenant the identity directory does not know is 404. Nova:
// nova/api/openstack/compute/contrib/quotas.py.

import { Controller, Get, Param, Put, Body, UseGuards } from '@nestjs/common';
import { QuotaClient } from '@app/contracts';
import { Faults } from '../http/faults';
import type { Representation } from '../http/representation';
import { Auth, RequestId, type AuthContext } from '../identity/auth-context';
import { IdentityDirectory } from '../identity/identity-directory';
import { TenantGuard, requireAdmin } from '../identity/tenant.guard';
import { quotaSetView, readQuotaSetUpdate } from './quota-set';

@Controller('v1.1/:tenant_id/os-quota-sets')
@UseGuards(TenantGuard)
export class QuotaSetsController {
  constructor(
    private readonly quota: QuotaClient,
    private readonly directory: IdentityDirectory,
  ) {}

  @Get('defaults')
  async defaults(@Auth() auth: AuthContext): Promise<Representation> {
    requireAdmin(auth);
    return quotaSetView('defaults', await this.quota.defaults());
  }

  /** Nova's path for the defaults (novaclient's quota-defaults), with the tenant as id. */
  @Get(':target_id/defaults')
  async defaultsFor(@Auth() auth: AuthContext, @Param('target_id') target: string): Promise<Representation> {
    requireAdmin(auth);
    this.knownTenant(target);
    return quotaSetView(target, await this.quota.defaults());
  }

  @Get(':target_id')
  async show(@Auth() auth: AuthContext, @Param('target_id') target: string): Promise<Representation> {
    requireAdmin(auth);
    this.knownTenant(target);
    const { limits } = await this.quota.limits({ tenantId: target });
    return quotaSetView(target, limits);
  }

  @Put(':target_id')
  async update(@Auth() auth: AuthContext, @RequestId() requestId: string, @Param('target_id') target: string, @Body() body: unknown): Promise<Representation> {
    requireAdmin(auth);
    this.knownTenant(target);
    const changes = readQuotaSetUpdate(body);
    const limits =
      Object.keys(changes).length === 0
        ? (await this.quota.limits({ tenantId: target })).limits
        : await this.quota.updateLimits({ tenantId: target, limits: changes, correlationId: requestId, userId: auth.userId });
    return quotaSetView(target, limits);
  }

  private knownTenant(id: string): void {
    if (this.directory.tenant(id)?.id !== id) throw Faults.itemNotFound(`Tenant ${id} could not be found.`);
  }
}
