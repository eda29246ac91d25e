// Registers the public images when the gateway starts, before it serves requests. Idempotent:
// an image already registered (by an earlier start or a replica starting at the same time) is
// left as it is, even if it was changed or deleted since.

import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PINO_LOGGER, type PinoLogger } from '@app/platform';
import { ImageCatalog } from './image-catalog.service';
import { PUBLIC_IMAGES } from './public-images';

@Injectable()
export class PublicImageSeeder implements OnApplicationBootstrap {
  constructor(
    private readonly catalog: ImageCatalog,
    @Inject(PINO_LOGGER) private readonly log: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const requestId = `req-${randomUUID()}`;
    const registered: string[] = [];
    for (const image of PUBLIC_IMAGES) {
      if (await this.catalog.registerPublicImage(image, requestId)) registered.push(image.image.imageId);
    }
    if (registered.length > 0) this.log.info({ req_id: requestId, images: registered }, 'registered the public images');
  }
}
