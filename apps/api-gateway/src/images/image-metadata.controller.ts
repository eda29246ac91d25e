// Image metadata (spec 4.4.12, 4.4.13): GET/POST (merge)/PUT (replace) on
// /v1.1/{tenant_id}/images/{image_id}/metadata, and GET/PUT/DELETE on .../metadata/{key}.

import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { Faults } from '../http/faults';
import type { Representation } from '../http/representation';
import { Auth, type AuthContext, RequestId } from '../identity/auth-context';
import { TenantGuard } from '../identity/tenant.guard';
import { ImageCatalog } from './image-catalog.service';
import { MetaBody, MetadataBody, singleItem, stringItems } from './image-metadata.dto';
import { metaView, metadataView } from './image-metadata.view';
import { checkImageWrite } from './image.policy';
import type { ImageRecord } from './image-record';
import { ImageRepository } from './image.repository';

@Controller('v1.1/:tenant_id/images/:image_id/metadata')
@UseGuards(TenantGuard)
export class ImageMetadataController {
  constructor(
    private readonly images: ImageRepository,
    private readonly catalog: ImageCatalog,
  ) {}

  @Get()
  async list(@Auth() auth: AuthContext, @Param('image_id') ref: string): Promise<Representation> {
    return metadataView((await this.visible(auth, ref)).metadata);
  }

  @Post()
  @HttpCode(200)
  async update(@Auth() auth: AuthContext, @RequestId() requestId: string, @Param('image_id') ref: string, @Body() body: MetadataBody): Promise<Representation> {
    const image = await this.writable(auth, ref);
    const items = stringItems(body.metadata, 'metadata');
    return metadataView((await this.catalog.updateMetadata(image.uuid, items, requestId)).metadata);
  }

  @Put()
  async replace(@Auth() auth: AuthContext, @RequestId() requestId: string, @Param('image_id') ref: string, @Body() body: MetadataBody): Promise<Representation> {
    const image = await this.writable(auth, ref);
    const items = stringItems(body.metadata, 'metadata');
    return metadataView((await this.catalog.replaceMetadata(image.uuid, items, requestId)).metadata);
  }

  @Get(':key')
  async get(@Auth() auth: AuthContext, @Param('image_id') ref: string, @Param('key') key: string): Promise<Representation> {
    const { metadata } = await this.visible(auth, ref);
    if (!Object.hasOwn(metadata, key)) throw Faults.itemNotFound('Metadata item was not found');
    return metaView(key, metadata[key]);
  }

  @Put(':key')
  async set(@Auth() auth: AuthContext, @RequestId() requestId: string, @Param('image_id') ref: string, @Param('key') key: string, @Body() body: MetaBody): Promise<Representation> {
    const image = await this.writable(auth, ref);
    const value = singleItem(body, key);
    await this.catalog.setMetadataItem(image.uuid, key, value, requestId);
    return metaView(key, value);
  }

  @Delete(':key')
  @HttpCode(204)
  async delete(@Auth() auth: AuthContext, @RequestId() requestId: string, @Param('image_id') ref: string, @Param('key') key: string): Promise<void> {
    const image = await this.writable(auth, ref);
    await this.catalog.deleteMetadataItem(image.uuid, key, requestId);
  }

  private async visible(auth: AuthContext, ref: string): Promise<ImageRecord> {
    const image = await this.images.find(auth.tenantId, ref);
    if (!image) throw Faults.itemNotFound('Image not found.');
    return image;
  }

  private async writable(auth: AuthContext, ref: string): Promise<ImageRecord> {
    const image = await this.visible(auth, ref);
    checkImageWrite(image, auth, 'metadata');
    return image;
  }
}
