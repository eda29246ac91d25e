// The behaviours control API (docs/behaviours.md), for administrators only (403 otherwise):
//   GET    /v1.1/{tenant_id}/os-behaviours          every behaviour not deleted
//   POST   /v1.1/{tenant_id}/os-behaviours          create one (200 with it, its id)
//   GET    /v1.1/{tenant_id}/os-behaviours/{id}     one (404 if unknown or deleted)
//   DELETE /v1.1/{tenant_id}/os-behaviours/{id}     202; it stops applying
//   POST   /v1.1/{tenant_id}/os-behaviours/reset    202; every resource of a tenant (or all) deleted
// The tenant in the path is the administrator's own; behaviours apply across tenants, as their
// criteria say. Mimic's behaviours and LocalStack's chaos API, acting inside the services.

import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import type { Representation } from '../http/representation';
import { Auth, type AuthContext, RequestId } from '../identity/auth-context';
import { TenantGuard, requireAdmin } from '../identity/tenant.guard';
import { Faults } from '../http/faults';
import { invalidField, isPlainObject } from '../servers/server-request-fields';
import { parseBehaviourRequest } from './behaviour-request';
import { BehaviourHandler } from './behaviour.handler';
import { behaviourListView, behaviourView, resetView } from './behaviour.view';
import { GatewayBehaviours } from './gateway-behaviours.service';
import { TenantReset } from './tenant-reset.service';

/** The optional body of a reset: `{"reset": {"tenant_id": "..."}}`; none (or no tenant_id) resets every tenant. */
export function resetTenantOf(body: unknown): string | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  if (!isPlainObject(body) || !('reset' in body)) throw invalidField('reset', 'the body must be {"reset": {"tenant_id": "..."}} or empty');
  const reset = body.reset;
  if (reset === null || reset === undefined || reset === '') return undefined;
  if (!isPlainObject(reset)) throw invalidField('reset', 'reset must be an object');
  const unknown = Object.keys(reset).find((k) => k !== 'tenant_id');
  if (unknown !== undefined) throw invalidField(`reset.${unknown}`, 'unknown field; reset takes tenant_id');
  if (reset.tenant_id === undefined || reset.tenant_id === null) return undefined;
  if (typeof reset.tenant_id !== 'string' || reset.tenant_id === '') throw invalidField('reset.tenant_id', 'tenant_id must be a tenant id or name');
  return reset.tenant_id;
}

@Controller('v1.1/:tenant_id/os-behaviours')
@UseGuards(TenantGuard)
export class BehavioursController {
  constructor(
    private readonly behaviours: GatewayBehaviours,
    private readonly handler: BehaviourHandler,
    private readonly resetter: TenantReset,
  ) {}

  @Get()
  list(@Auth() auth: AuthContext): Representation {
    requireAdmin(auth);
    return behaviourListView(this.behaviours.all());
  }

  @Post()
  @HttpCode(200)
  async create(@Auth() auth: AuthContext, @RequestId() requestId: string, @Body() body: unknown): Promise<Representation> {
    requireAdmin(auth);
    return behaviourView(await this.handler.create(parseBehaviourRequest(body), requestId));
  }

  @Post('reset')
  @HttpCode(202)
  async reset(@Auth() auth: AuthContext, @RequestId() requestId: string, @Body() body: unknown): Promise<Representation> {
    requireAdmin(auth);
    return resetView(await this.resetter.reset(resetTenantOf(body), requestId));
  }

  @Get(':behaviour_id')
  get(@Auth() auth: AuthContext, @Param('behaviour_id') id: string): Representation {
    requireAdmin(auth);
    const behaviour = this.behaviours.get(id);
    if (!behaviour) throw Faults.itemNotFound(`Behaviour ${id} could not be found.`);
    return behaviourView(behaviour);
  }

  @Delete(':behaviour_id')
  @HttpCode(202)
  async delete(@Auth() auth: AuthContext, @RequestId() requestId: string, @Param('behaviour_id') id: string): Promise<void> {
    requireAdmin(auth);
    await this.handler.delete(id, requestId);
  }
}
