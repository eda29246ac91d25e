// The images read model: the `images` and `image_metadata` tables, built from the image
// streams. The gateway applies it in the same transaction as each append (ImageCommandHandler);
// `replayProjection` rebuilds it from the log to prove the two agree. It reads only event data
// (never the clock or `recordedAt`), so applying live and replaying give the same rows.

import { type RecordedEvent, idOf } from '@app/contracts';
import { type ImageEvent, imageProgress, isImageEvent } from '@app/domain/image';
import type { Projection, SqlTx } from '@app/event-store';

async function setStatus(tx: SqlTx, t: string, uuid: string, status: 'ACTIVE' | 'ERROR' | 'DELETED', at: string): Promise<void> {
  await tx.query(`UPDATE ${t}.images SET status = $2, progress = $3, updated_at = $4, deleted_at = CASE WHEN $2 = 'DELETED' THEN $4::timestamptz END WHERE uuid = $1`, [
    uuid,
    status,
    imageProgress(status),
    at,
  ]);
}

async function touch(tx: SqlTx, t: string, uuid: string, at: string): Promise<void> {
  await tx.query(`UPDATE ${t}.images SET updated_at = $2 WHERE uuid = $1`, [uuid, at]);
}

async function insertMetadata(tx: SqlTx, t: string, uuid: string, metadata: Record<string, unknown>): Promise<void> {
  const entries = Object.entries(metadata);
  if (entries.length === 0) return;
  await tx.query(`INSERT INTO ${t}.image_metadata (image_uuid, key, value) SELECT $1, k, v FROM unnest($2::text[], $3::jsonb[]) AS m(k, v)`, [
    uuid,
    entries.map(([k]) => k),
    entries.map(([, v]) => JSON.stringify(v)),
  ]);
}

async function applyImageEvent(tx: SqlTx, t: string, uuid: string, event: ImageEvent): Promise<void> {
  switch (event.type) {
    case 'ImageRegistered': {
      const d = event.data;
      await tx.query(
        `INSERT INTO ${t}.images (uuid, id, name, status, progress, tenant_id, server_id, snapshot, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, NULL, NULL, false, $6, $7)`,
        [uuid, d.imageId, d.name, d.status, imageProgress(d.status), d.createdAt, d.updatedAt],
      );
      await insertMetadata(tx, t, uuid, d.metadata);
      return;
    }
    case 'ImageSnapshotRequested': {
      const d = event.data;
      await tx.query(
        `INSERT INTO ${t}.images (uuid, id, name, status, progress, tenant_id, server_id, snapshot, created_at, updated_at)
         VALUES ($1, $2, $3, 'SAVING', $4, $5, $6, true, $7, $7)`,
        [uuid, d.imageId, d.name, imageProgress('SAVING'), d.tenantId, d.serverId, d.requestedAt],
      );
      await insertMetadata(tx, t, uuid, d.metadata);
      return;
    }
    case 'ImageSnapshotCompleted':
      return setStatus(tx, t, uuid, 'ACTIVE', event.data.completedAt);
    case 'ImageSnapshotFailed':
      return setStatus(tx, t, uuid, 'ERROR', event.data.failedAt);
    case 'ImageMetadataSet':
      await tx.query(`DELETE FROM ${t}.image_metadata WHERE image_uuid = $1`, [uuid]);
      await insertMetadata(tx, t, uuid, event.data.metadata);
      return touch(tx, t, uuid, event.data.at);
    case 'ImageMetadataItemSet':
      await tx.query(
        `INSERT INTO ${t}.image_metadata (image_uuid, key, value) VALUES ($1, $2, $3::jsonb)
         ON CONFLICT (image_uuid, key) DO UPDATE SET value = EXCLUDED.value`,
        [uuid, event.data.key, JSON.stringify(event.data.value)],
      );
      return touch(tx, t, uuid, event.data.at);
    case 'ImageMetadataItemDeleted':
      await tx.query(`DELETE FROM ${t}.image_metadata WHERE image_uuid = $1 AND key = $2`, [uuid, event.data.key]);
      return touch(tx, t, uuid, event.data.at);
    case 'ImageDeleted':
      return setStatus(tx, t, uuid, 'DELETED', event.data.at);
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export const imageProjection: Projection = {
  name: 'images',
  tables: ['images', 'image_metadata'],
  category: 'image',
  async apply(tx: SqlTx, schema: string, event: RecordedEvent): Promise<void> {
    // Event types this version does not know (written by a newer app) change nothing here.
    if (!isImageEvent(event)) return;
    await applyImageEvent(tx, `"${schema}"`, idOf(event.streamName), { type: event.type, data: event.data } as ImageEvent);
  },
};
