// The os-floating-ips extension (spec 4.4.16, 4.4.17): list, allocate, get and deallocate the
// tenant's floating IPs. Another tenant's floating IP, or an id that is none, is 404. Reads
// come from the read model (floating-ip.projection.ts). Nova:
// nova/api/openstack/compute/contrib/floating_ips.py.

import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { FLOATING_POOL_NAME } from '@app/contracts';
import { Faults } from '../http/faults';
import type { Representation } from '../http/representation';
import { Auth, RequestId, type AuthContext } from '../identity/auth-context';
import { TenantGuard } from '../identity/tenant.guard';
import { FloatingIpHandler } from './floating-ip.handler';
import { FloatingIpQueries } from './floating-ip.queries';
import { floatingIpListView, floatingIpView } from './floating-ip.view';

/** A floating IP id from the path; anything but a positive integer is no floating IP (404, as Nova). */
export function floatingIpId(text: string): number {
  const id = /^\d{1,15}$/.test(text) ? Number(text) : 0;
  if (id < 1) throw Faults.itemNotFound(`Floating ip not found for id ${text}`);
  return id;
}

/** The optional `{"pool": "nova"}` of an allocate; the one pool there is, named or not. */
export function requestedPool(body: unknown): void {
  if (body === undefined || body === null) return;
  if (typeof body !== 'object' || Array.isArray(body)) throw Faults.badRequest('Invalid input: the body must be an object like {"pool": "nova"}');
  const pool = (body as { pool?: unknown }).pool;
  if (pool === undefined || pool === null) return;
  if (typeof pool !== 'string') throw Faults.badRequest(`Invalid input for field 'pool': must be a string, got ${JSON.stringify(pool)}`);
  if (pool !== FLOATING_POOL_NAME) throw Faults.itemNotFound(`Floating ip pool not found: ${pool} (the pool is '${FLOATING_POOL_NAME}')`);
}

@Controller('v1.1/:tenant_id/os-floating-ips')
@UseGuards(TenantGuard)
export class FloatingIpsController {
  constructor(
    private readonly handler: FloatingIpHandler,
    private readonly queries: FloatingIpQueries,
  ) {}

  @Get()
  async list(@Auth() auth: AuthContext): Promise<Representation> {
    return floatingIpListView(await this.queries.list(auth.tenantId));
  }

  @Post()
  @HttpCode(200)
  async allocate(@Auth() auth: AuthContext, @RequestId() requestId: string, @Body() body: unknown): Promise<Representation> {
    requestedPool(body);
    return floatingIpView(await this.handler.allocate(auth.tenantId, requestId));
  }

  @Get(':id')
  async get(@Auth() auth: AuthContext, @Param('id') id: string): Promise<Representation> {
    const ip = await this.queries.get(auth.tenantId, floatingIpId(id));
    if (!ip) throw Faults.itemNotFound(`Floating ip not found for id ${id}`);
    return floatingIpView(ip);
  }

  @Delete(':id')
  @HttpCode(202)
  async deallocate(@Auth() auth: AuthContext, @RequestId() requestId: string, @Param('id') id: string): Promise<void> {
    await this.handler.deallocate(auth.tenantId, floatingIpId(id), requestId);
  }
}
