// GET /v1.1/{tenant_id}/images, /images/detail and /images/{image_id}, and DELETE
// /images/{image_id} (spec 4.4.10, 4.4.11). An image is named by its id or its UUID.

import { Controller, Delete, Get, HttpCode, Param, Query, UseGuards } from '@nestjs/common';
import { GatewayConfig } from '../config/gateway-config';
import { Faults } from '../http/faults';
import type { QueryParams } from '../http/pagination';
import type { Representation } from '../http/representation';
import { Auth, type AuthContext, RequestId } from '../identity/auth-context';
import { TenantGuard } from '../identity/tenant.guard';
import { ImageCatalog } from './image-catalog.service';
import { checkImageWrite } from './image.policy';
import { parseImageQuery } from './image-query';
import type { ImageRecord } from './image-record';
import { ImageRepository } from './image.repository';
import { imageView, imagesView } from './image.view';

@Controller('v1.1/:tenant_id/images')
@UseGuards(TenantGuard)
export class ImagesController {
  constructor(
    private readonly images: ImageRepository,
    private readonly catalog: ImageCatalog,
    private readonly config: GatewayConfig,
  ) {}

  @Get()
  async list(@Auth() auth: AuthContext, @Query() query: QueryParams): Promise<Representation> {
    return imagesView(await this.images.list(auth.tenantId, parseImageQuery(query)), this.linksFor(auth), false);
  }

  @Get('detail')
  async detail(@Auth() auth: AuthContext, @Query() query: QueryParams): Promise<Representation> {
    return imagesView(await this.images.list(auth.tenantId, parseImageQuery(query)), this.linksFor(auth), true);
  }

  @Get(':image_id')
  async get(@Auth() auth: AuthContext, @Param('image_id') ref: string): Promise<Representation> {
    return imageView(await this.visible(auth, ref), this.linksFor(auth));
  }

  @Delete(':image_id')
  @HttpCode(204)
  async delete(@Auth() auth: AuthContext, @RequestId() requestId: string, @Param('image_id') ref: string): Promise<void> {
    const image = await this.visible(auth, ref);
    checkImageWrite(image, auth, 'delete');
    await this.catalog.deleteImage(image.uuid, requestId);
  }

  private async visible(auth: AuthContext, ref: string): Promise<ImageRecord> {
    const image = await this.images.find(auth.tenantId, ref);
    if (!image) throw Faults.itemNotFound('Image not found.');
    return image;
  }

  private linksFor(auth: AuthContext) {
    return { publicUrl: this.config.publicUrl, tenantId: auth.tenantId };
  }
}
