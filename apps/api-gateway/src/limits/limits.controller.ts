// GET /v1.1/{tenant_id}/limits (spec 4.4.4): the tenant's rate limits with what remains of
// them, from the shared counters, and its absolute limits and usage, from the quota app.

import { Controller, Get, UseGuards } from '@nestjs/common';
import { QuotaClient } from '@app/contracts';
import type { Representation } from '../http/representation';
import { Auth, type AuthContext } from '../identity/auth-context';
import { TenantGuard } from '../identity/tenant.guard';
import { limitKey } from '../rate-limit/rate-limit';
import { RateLimitTable } from '../rate-limit/rate-limit-table';
import { RateLimitStore } from '../rate-limit/rate-limit.store';
import { absoluteLimits, limitsView, rateGroups, type RateLimitState } from './limits.view';

@Controller('v1.1/:tenant_id/limits')
@UseGuards(TenantGuard)
export class LimitsController {
  constructor(
    private readonly quota: QuotaClient,
    private readonly table: RateLimitTable,
    private readonly counters: RateLimitStore,
  ) {}

  @Get()
  async list(@Auth() auth: AuthContext): Promise<Representation> {
    const [quota, rates] = await Promise.all([this.quota.limits({ tenantId: auth.tenantId }), this.rateStates(auth.tenantId)]);
    return limitsView(rateGroups(rates), absoluteLimits(quota));
  }

  private async rateStates(tenantId: string): Promise<RateLimitState[]> {
    if (!this.table.enabled) return [];
    const readings = await this.counters.read(tenantId, this.table.limits);
    return this.table.limits.map((limit) => ({ limit, ...readings.get(limitKey(limit))! }));
  }
}
