// The images read model (a projection of the `image-<uuid>` streams, see
// images/image.projection.ts): one row per image and one per metadata item. Rows are keyed by
// data from the events, so a replay rebuilds them exactly. The sequence hands out the
// numeric ids of new snapshots; the id then travels in the event.

import type { MigrationInterface, QueryRunner } from 'typeorm';

export function createImagesMigration(schema: string): new () => MigrationInterface {
  return class CreateImages1764400000200 implements MigrationInterface {
    name = 'CreateImages1764400000200';
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE SEQUENCE "${schema}".image_ids START WITH 100000`);
      await runner.query(`CREATE TABLE "${schema}".images (
        uuid        uuid        PRIMARY KEY,
        id          bigint      NOT NULL UNIQUE,
        name        text        NOT NULL,
        status      text        NOT NULL,
        progress    integer     NOT NULL,
        tenant_id   text,
        server_id   text,
        snapshot    boolean     NOT NULL,
        created_at  timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL,
        deleted_at  timestamptz
      )`);
      await runner.query(`CREATE INDEX images_newest_first ON "${schema}".images (created_at DESC, id DESC)`);
      await runner.query(`CREATE INDEX images_tenant ON "${schema}".images (tenant_id)`);
      await runner.query(`CREATE INDEX images_updated_at ON "${schema}".images (updated_at)`);
      await runner.query(`CREATE TABLE "${schema}".image_metadata (
        image_uuid  uuid  NOT NULL,
        key         text  NOT NULL,
        value       jsonb NOT NULL,
        PRIMARY KEY (image_uuid, key)
      )`);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${schema}".image_metadata`);
      await runner.query(`DROP TABLE "${schema}".images`);
      await runner.query(`DROP SEQUENCE "${schema}".image_ids`);
    }
  };
}
