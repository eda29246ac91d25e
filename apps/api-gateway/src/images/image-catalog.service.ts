// The gateway's one way to change images: public images registered at start, snapshots begun
// from a server (SAVING) then completed (ACTIVE) or failed (ERROR), metadata changes and
// deletes. Every change is an event in `image-<uuid>`, projected in the same transaction.
// The server createImage action and the compute flow call the snapshot methods.

import { randomUUID } from 'node:crypto';
import { type Image, ImageAlreadyExistsError, type ImageCommand, type ImageState } from '@app/domain/image';
import type { PostgresEventStore, SqlDb } from '@app/event-store';
import { ImageCommandHandler } from './image-command.handler';
import { MAX_IMAGE_META } from './image-limits';
import type { PublicImage } from './public-images';

export interface Snapshot {
  uuid: string;
  image: Image;
}

const now = () => new Date().toISOString();

export class ImageCatalog {
  private readonly handler: ImageCommandHandler;

  constructor(
    private readonly db: SqlDb,
    store: PostgresEventStore,
    private readonly schema: string,
    private readonly maxImageMeta = MAX_IMAGE_META,
  ) {
    this.handler = new ImageCommandHandler(db, store, schema);
  }

  /** Registers a public image unless it already is; true when this call registered it. */
  async registerPublicImage(publicImage: PublicImage, requestId: string): Promise<boolean> {
    try {
      await this.handler.execute(publicImage.uuid, { type: 'RegisterPublicImage', ...publicImage.image }, { requestId, eventIds: [publicImage.eventId] });
      return true;
    } catch (error) {
      if (error instanceof ImageAlreadyExistsError) return false;
      throw error;
    }
  }

  /** A tenant's snapshot of one of its servers, SAVING, with a new id and UUID. */
  async beginSnapshot(tenantId: string, serverId: string, name: string, metadata: Record<string, string>, requestId: string): Promise<Snapshot> {
    const uuid = randomUUID();
    const { rows } = await this.db.query<{ id: string }>(`SELECT nextval('"${this.schema}".image_ids')::text AS id`);
    const command: ImageCommand = { type: 'BeginSnapshot', imageId: rows[0].id, tenantId, serverId, name, metadata, maxMetadataItems: this.maxImageMeta, now: now() };
    return { uuid, image: existing(await this.handler.execute(uuid, command, { requestId })) };
  }

  async completeSnapshot(imageUuid: string, requestId = `req-${randomUUID()}`): Promise<Image> {
    return existing(await this.handler.execute(imageUuid, { type: 'CompleteSnapshot', now: now() }, { requestId }));
  }

  async failSnapshot(imageUuid: string, reason: string, requestId = `req-${randomUUID()}`): Promise<Image> {
    return existing(await this.handler.execute(imageUuid, { type: 'FailSnapshot', reason, now: now() }, { requestId }));
  }

  /** POST .../metadata: merge. */
  async updateMetadata(imageUuid: string, metadata: Record<string, string>, requestId: string): Promise<Image> {
    return this.run(imageUuid, { type: 'UpdateImageMetadata', metadata, maxMetadataItems: this.maxImageMeta, now: now() }, requestId);
  }

  /** PUT .../metadata: replace. */
  async replaceMetadata(imageUuid: string, metadata: Record<string, string>, requestId: string): Promise<Image> {
    return this.run(imageUuid, { type: 'ReplaceImageMetadata', metadata, maxMetadataItems: this.maxImageMeta, now: now() }, requestId);
  }

  async setMetadataItem(imageUuid: string, key: string, value: string, requestId: string): Promise<Image> {
    return this.run(imageUuid, { type: 'SetImageMetadataItem', key, value, maxMetadataItems: this.maxImageMeta, now: now() }, requestId);
  }

  async deleteMetadataItem(imageUuid: string, key: string, requestId: string): Promise<Image> {
    return this.run(imageUuid, { type: 'DeleteImageMetadataItem', key, now: now() }, requestId);
  }

  async deleteImage(imageUuid: string, requestId: string): Promise<Image> {
    return this.run(imageUuid, { type: 'DeleteImage', now: now() }, requestId);
  }

  private async run(imageUuid: string, command: ImageCommand, requestId: string): Promise<Image> {
    return existing(await this.handler.execute(imageUuid, command, { requestId }));
  }
}

function existing(state: ImageState): Image {
  if (state.status === 'NONE') throw new Error('unreachable: a decided command leaves an image');
  return state;
}
