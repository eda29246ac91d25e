// Reads the images read model for a tenant: public images and the tenant's own snapshots,
// never another tenant's. One image by id or UUID (deleted ones are gone), and filtered pages
// newest first (created desc, then id desc), with DELETED ones only in a changes-since listing.

import { Inject, Injectable } from '@nestjs/common';
import type { ImageMetadata, ImageStatus } from '@app/domain/image';
import type { SqlDb } from '@app/event-store';
import { APP_DB, PlatformConfig } from '@app/platform';
import { idOrUuid, markerNotFound } from '../http/pagination';
import type { ImageQuery } from './image-query';
import type { ImageRecord } from './image-record';

interface ImageRow {
  uuid: string;
  id: string;
  name: string;
  status: ImageStatus;
  progress: number;
  tenant_id: string | null;
  server_id: string | null;
  snapshot: boolean;
  created_at: Date;
  updated_at: Date;
}

const VISIBLE = '(tenant_id IS NULL OR tenant_id = $1)';

@Injectable()
export class ImageRepository {
  private readonly s: string;

  constructor(
    @Inject(APP_DB) private readonly db: SqlDb,
    platform: PlatformConfig,
  ) {
    this.s = `"${platform.appSchema}"`;
  }

  /** The image `ref` (its id or UUID) if the tenant can see it and it is not deleted. */
  async find(tenantId: string, ref: string): Promise<ImageRecord | undefined> {
    const row = await this.findRow(tenantId, ref, false);
    return row && (await this.withMetadata([row]))[0];
  }

  async list(tenantId: string, q: ImageQuery): Promise<ImageRecord[]> {
    let after: ImageRow | undefined;
    if (q.page.marker !== undefined) {
      after = await this.findRow(tenantId, q.page.marker, true);
      if (!after) throw markerNotFound(q.page.marker);
    }
    const { rows } = await this.db.query<ImageRow>(
      `SELECT * FROM ${this.s}.images
        WHERE ${VISIBLE}
          AND ($2::text IS NULL OR name = $2)
          AND ($3::text IS NULL OR status = $3)
          AND (NOT $4::boolean OR snapshot)
          AND ($5::text IS NULL OR server_id = $5)
          AND (CASE WHEN $6::timestamptz IS NULL THEN status <> 'DELETED' ELSE updated_at >= $6 END)
          AND ($7::timestamptz IS NULL OR (created_at, id) < ($7, $8::bigint))
        ORDER BY created_at DESC, id DESC
        LIMIT $9`,
      [tenantId, q.name ?? null, q.status ?? null, q.snapshotsOnly, q.serverId ?? null, q.changesSince ?? null, after?.created_at ?? null, after?.id ?? null, q.page.limit],
    );
    return this.withMetadata(rows);
  }

  private async findRow(tenantId: string, ref: string, includeDeleted: boolean): Promise<ImageRow | undefined> {
    const key = idOrUuid(ref);
    if (!key) return undefined;
    const [column, value] = 'id' in key ? ['id', key.id] : ['uuid', key.uuid];
    const { rows } = await this.db.query<ImageRow>(
      `SELECT * FROM ${this.s}.images WHERE ${column} = $2 AND ${VISIBLE} ${includeDeleted ? '' : "AND status <> 'DELETED'"}`,
      [tenantId, value],
    );
    return rows[0];
  }

  private async withMetadata(rows: ImageRow[]): Promise<ImageRecord[]> {
    if (rows.length === 0) return [];
    const { rows: items } = await this.db.query<{ image_uuid: string; key: string; value: ImageMetadata[string] }>(
      `SELECT image_uuid, key, value FROM ${this.s}.image_metadata WHERE image_uuid = ANY($1::uuid[]) ORDER BY image_uuid, key`,
      [rows.map((r) => r.uuid)],
    );
    const metadata = new Map<string, ImageMetadata>(rows.map((r) => [r.uuid, {}]));
    for (const item of items) metadata.get(item.image_uuid)![item.key] = item.value;
    return rows.map((r) => ({
      uuid: r.uuid,
      id: r.id,
      name: r.name,
      status: r.status,
      progress: r.progress,
      tenantId: r.tenant_id,
      serverId: r.server_id,
      snapshot: r.snapshot,
      created: r.created_at,
      updated: r.updated_at,
      metadata: metadata.get(r.uuid)!,
    }));
  }
}
