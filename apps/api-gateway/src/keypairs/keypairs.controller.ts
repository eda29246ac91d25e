// The os-keypairs extension (spec 4.4.18, 4.4.19): list, create (generate or import), get and
// delete the caller's keypairs. A keypair belongs to one user in one tenant; anyone else's is
// 404. Nova: nova/api/openstack/compute/contrib/keypairs.py.

import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import type { KeypairOwner } from '@app/domain/keypair/keypair.events';
import { KeypairNotFoundError } from '@app/domain/keypair/keypair.errors';
import type { Representation } from '../http/representation';
import { Auth, RequestId, type AuthContext } from '../identity/auth-context';
import { TenantGuard } from '../identity/tenant.guard';
import { KeypairHandler } from './keypair.handler';
import { KeypairQueries } from './keypair.queries';
import { keypairListView, keypairView, newKeypairView } from './keypair.view';
import { KeypairBody } from './keypairs.dto';

const ownerOf = (auth: AuthContext, name: string): KeypairOwner => ({ tenantId: auth.tenantId, userId: auth.userId, name });

@Controller('v1.1/:tenant_id/os-keypairs')
@UseGuards(TenantGuard)
export class KeypairsController {
  constructor(
    private readonly handler: KeypairHandler,
    private readonly queries: KeypairQueries,
  ) {}

  @Get()
  async list(@Auth() auth: AuthContext): Promise<Representation> {
    return keypairListView(await this.queries.list(auth.tenantId, auth.userId));
  }

  @Post()
  @HttpCode(200)
  async create(@Auth() auth: AuthContext, @RequestId() requestId: string, @Body() body: KeypairBody): Promise<Representation> {
    const owner = ownerOf(auth, body.keypair.name);
    const publicKey = body.keypair.public_key;
    // A public_key of null is no key, as if left out: a pair is generated.
    const created = publicKey == null ? await this.handler.generate(owner, requestId) : await this.handler.import(owner, publicKey, requestId);
    return newKeypairView(created);
  }

  @Get(':keypair_name')
  async get(@Auth() auth: AuthContext, @Param('keypair_name') name: string): Promise<Representation> {
    const keypair = await this.queries.get(ownerOf(auth, name));
    if (!keypair) throw new KeypairNotFoundError(name, auth.userId);
    return keypairView(keypair);
  }

  @Delete(':keypair_name')
  @HttpCode(202)
  async delete(@Auth() auth: AuthContext, @RequestId() requestId: string, @Param('keypair_name') name: string): Promise<void> {
    await this.handler.delete(ownerOf(auth, name), requestId);
  }
}
