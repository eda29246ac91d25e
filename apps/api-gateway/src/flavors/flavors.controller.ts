// GET /v1.1/{tenant_id}/flavors, /flavors/detail and /flavors/{flavor_id} (spec 4.4.14, 4.4.15).

import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { GatewayConfig } from '../config/gateway-config';
import { Faults } from '../http/faults';
import type { QueryParams } from '../http/pagination';
import type { Representation } from '../http/representation';
import { Auth, type AuthContext } from '../identity/auth-context';
import { TenantGuard } from '../identity/tenant.guard';
import { parseFlavorQuery } from './flavor-query';
import { FlavorRepository } from './flavor.repository';
import { flavorView, flavorsView } from './flavor.view';

@Controller('v1.1/:tenant_id/flavors')
@UseGuards(TenantGuard)
export class FlavorsController {
  constructor(
    private readonly flavors: FlavorRepository,
    private readonly config: GatewayConfig,
  ) {}

  @Get()
  async list(@Auth() auth: AuthContext, @Query() query: QueryParams): Promise<Representation> {
    return flavorsView(await this.flavors.list(parseFlavorQuery(query)), this.linksFor(auth), false);
  }

  @Get('detail')
  async detail(@Auth() auth: AuthContext, @Query() query: QueryParams): Promise<Representation> {
    return flavorsView(await this.flavors.list(parseFlavorQuery(query)), this.linksFor(auth), true);
  }

  @Get(':flavor_id')
  async get(@Auth() auth: AuthContext, @Param('flavor_id') id: string): Promise<Representation> {
    const flavor = await this.flavors.find(id);
    if (!flavor) throw Faults.itemNotFound(`Flavor ${id} could not be found.`);
    return flavorView(flavor, this.linksFor(auth));
  }

  private linksFor(auth: AuthContext) {
    return { publicUrl: this.config.publicUrl, tenantId: auth.tenantId };
  }
}
