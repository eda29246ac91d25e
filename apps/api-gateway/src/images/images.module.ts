// Images: the public images and the tenants' snapshots, event-sourced in `image-<uuid>`
// streams with their read model. Exports ImageCatalog (createImage and the compute flow
// begin, complete and fail snapshots through it) and ImageRepository (imageRef look-ups).

import { Module } from '@nestjs/common';
import { PostgresEventStore, type SqlDb } from '@app/event-store';
import { APP_DB, PlatformConfig } from '@app/platform';
import { ImageCatalog } from './image-catalog.service';
import { ImageMetadataController } from './image-metadata.controller';
import { ImageRepository } from './image.repository';
import { ImagesController } from './images.controller';
import { PublicImageSeeder } from './public-image.seeder';

@Module({
  controllers: [ImagesController, ImageMetadataController],
  providers: [
    {
      provide: ImageCatalog,
      inject: [APP_DB, PostgresEventStore, PlatformConfig],
      useFactory: (db: SqlDb, store: PostgresEventStore, platform: PlatformConfig) => new ImageCatalog(db, store, platform.appSchema),
    },
    ImageRepository,
    PublicImageSeeder,
  ],
  exports: [ImageCatalog, ImageRepository],
})
export class ImagesModule {}
