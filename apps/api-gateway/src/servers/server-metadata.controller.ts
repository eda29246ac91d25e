// Server metadata (spec 4.4.8, 4.4.9): GET, POST (merge) and PUT (replace) on
// /v1.1/{tenant_id}/servers/{server_id}/metadata, and GET, PUT and DELETE on .../metadata/{key}.
// Bodies and answers have the shapes of image metadata (the same DTOs and views). A write past
// the tenant's maxServerMeta is 413 overLimit, counted on the metadata the change would leave,
// inside the decision (so two racing writes cannot both pass). Nova: server_metadata.py.

import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { QuotaClient } from '@app/contracts';
import type { ServerCommand, ServerState } from '@app/domain/server';
import { Faults } from '../http/faults';
import type { Representation } from '../http/representation';
import { Auth, type AuthContext, RequestId } from '../identity/auth-context';
import { TenantGuard } from '../identity/tenant.guard';
import { MetaBody, MetadataBody, singleItem } from '../images/image-metadata.dto';
import { metaView, metadataView } from '../images/image-metadata.view';
import { ServerCommands } from './server-commands.service';
import { findServer } from './server-lookup';
import { checkMetadataItem, parseMetadata } from './server-request-fields';
import { checkMetadataCount, serverRequestLimits } from './server-request-limits';
import { ServerRepository } from './server.repository';

const now = () => new Date().toISOString();

@Controller('v1.1/:tenant_id/servers/:server_id/metadata')
@UseGuards(TenantGuard)
export class ServerMetadataController {
  constructor(
    private readonly servers: ServerRepository,
    private readonly commands: ServerCommands,
    private readonly quota: QuotaClient,
  ) {}

  @Get()
  async list(@Auth() auth: AuthContext, @Param('server_id') ref: string): Promise<Representation> {
    return metadataView((await findServer(this.servers, auth.tenantId, ref)).metadata);
  }

  /** Merge: the given items replace those of the same key, the others stay; answers the whole metadata. */
  @Post()
  @HttpCode(200)
  async update(@Auth() auth: AuthContext, @RequestId() requestId: string, @Param('server_id') ref: string, @Body() body: MetadataBody): Promise<Representation> {
    const metadata = parseMetadata(body.metadata, 'metadata');
    const after = await this.write(auth, requestId, ref, { type: 'UpdateServerMetadata', metadata, at: now() });
    return metadataView(after.metadata);
  }

  /** Replace: the metadata becomes exactly the given items. */
  @Put()
  async replace(@Auth() auth: AuthContext, @RequestId() requestId: string, @Param('server_id') ref: string, @Body() body: MetadataBody): Promise<Representation> {
    const metadata = parseMetadata(body.metadata, 'metadata');
    const after = await this.write(auth, requestId, ref, { type: 'ReplaceServerMetadata', metadata, at: now() });
    return metadataView(after.metadata);
  }

  @Get(':key')
  async get(@Auth() auth: AuthContext, @Param('server_id') ref: string, @Param('key') key: string): Promise<Representation> {
    const { metadata } = await findServer(this.servers, auth.tenantId, ref);
    if (!Object.hasOwn(metadata, key)) throw Faults.itemNotFound('Metadata item was not found');
    return metaView(key, metadata[key]);
  }

  @Put(':key')
  async set(@Auth() auth: AuthContext, @RequestId() requestId: string, @Param('server_id') ref: string, @Param('key') key: string, @Body() body: MetaBody): Promise<Representation> {
    const value = singleItem(body, key);
    checkMetadataItem(key, value, 'meta');
    await this.write(auth, requestId, ref, { type: 'SetServerMetadataItem', key, value, at: now() });
    return metaView(key, value);
  }

  @Delete(':key')
  @HttpCode(204)
  async delete(@Auth() auth: AuthContext, @RequestId() requestId: string, @Param('server_id') ref: string, @Param('key') key: string): Promise<void> {
    const server = await findServer(this.servers, auth.tenantId, ref);
    await this.commands.run(server.uuid, { type: 'DeleteServerMetadataItem', key, at: now() }, { requestId, tenantId: auth.tenantId });
  }

  /** Runs a metadata command that may add items, refusing it (413) if it would leave more than maxServerMeta. */
  private async write(auth: AuthContext, requestId: string, ref: string, command: ServerCommand): Promise<ServerState> {
    const server = await findServer(this.servers, auth.tenantId, ref);
    const limits = await serverRequestLimits(this.quota, auth.tenantId);
    const decision = await this.commands.run(server.uuid, command, { requestId, tenantId: auth.tenantId }, {
      guard: (after) => checkMetadataCount(Object.keys(after.metadata).length, limits),
    });
    return decision.after;
  }
}
