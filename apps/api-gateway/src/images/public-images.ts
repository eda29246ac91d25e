// The public images every new installation has: those of the spec's List Images Detail
// example (4.4.10.2), with their ids, names, times and metadata as the example's JSON gives
// them. The UUIDs and the registration event ids are fixed, so that registering them is
// idempotent and two replicas starting together write each one once.

import type { ImageMetadata, RegisterPublicImage } from '@app/domain/image';

export interface PublicImage {
  uuid: string;
  /** The id of its ImageRegistered event. */
  eventId: string;
  image: Omit<RegisterPublicImage, 'type'>;
}

const hpMetadata = (arch: string, build: string, hpImageId: string): ImageMetadata => ({
  architecture: arch,
  hp_image_builddate: build,
  hp_image_id: hpImageId,
  hp_image_type: 'disk',
  hp_image_version: build,
  hp_md_version: '1',
  image_location: 'local',
  image_state: 'available',
  min_disk: 0,
  min_ram: 0,
  owner: null,
  project_id: 'None',
});

export const PUBLIC_IMAGES: readonly PublicImage[] = [
  {
    uuid: '6f8a7c42-34b1-4a0e-9c1d-2b0c3f349710',
    eventId: 'a1c5e7f0-3497-4100-8000-000000034971',
    image: {
      imageId: '34971',
      name: 'CentOS 5.8 Server 64-bit 20120828',
      status: 'ACTIVE',
      createdAt: '2012-09-04T16:45:17.000Z',
      updatedAt: '2012-09-04T16:45:22.000Z',
      metadata: hpMetadata('x86_64', '20120828', 'e66bad1137c6d519fc5c6fb175e45b71'),
    },
  },
  {
    uuid: '0e1d4c36-1200-4b5f-8a2e-7d9b0c120120',
    eventId: 'a1c5e7f0-0120-4100-8000-000000000120',
    image: {
      imageId: '120',
      name: 'Ubuntu Precise 12.04 LTS Server 64-bit 20120424',
      status: 'ACTIVE',
      createdAt: '2012-05-07T04:54:46.000Z',
      updatedAt: '2012-05-07T04:54:51.000Z',
      metadata: hpMetadata('amd64', '20120424', 'df4256e6c361380cb7613c74130feca9'),
    },
  },
];
