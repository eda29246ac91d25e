// The servers read model (a projection of the `server-<uuid>` streams, run by the gateway's
// durable consumer 'servers', see servers/server.projection.ts): one row per server and one per
// metadata item. Rows are keyed by data from the events, so a replay rebuilds them exactly.
// The sequence hands out the integer ids the API shows; the command side takes one with
// nextval before it appends ServerCreateRequested, and the id then travels in the event.

import type { MigrationInterface, QueryRunner } from 'typeorm';

export function createServersMigration(schema: string): new () => MigrationInterface {
  return class CreateServers1764400000500 implements MigrationInterface {
    name = 'CreateServers1764400000500';
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE SEQUENCE "${schema}".server_ids START WITH 200000`);
      await runner.query(`CREATE TABLE "${schema}".servers (
        uuid                uuid        PRIMARY KEY,
        id                  bigint      NOT NULL UNIQUE,
        tenant_id           text        NOT NULL,
        user_id             text        NOT NULL,
        name                text        NOT NULL,
        vm_state            text        NOT NULL,
        task_state          text,
        power_state         smallint    NOT NULL,
        progress            integer     NOT NULL,
        image_uuid          text        NOT NULL,
        image_id            text        NOT NULL,
        flavor_id           text        NOT NULL,
        host                text,
        agent_id            text,
        availability_zone   text,
        fixed_ip            text,
        auto_floating_ip    text,
        added_floating_ips  text[]      NOT NULL DEFAULT '{}',
        security_groups     text[]      NOT NULL DEFAULT '{}',
        key_name            text,
        config_drive        boolean     NOT NULL,
        access_ipv4         text        NOT NULL,
        access_ipv6         text        NOT NULL,
        multi_create_id     text        NOT NULL,
        fault               jsonb,
        created_at          timestamptz NOT NULL,
        updated_at          timestamptz NOT NULL,
        launched_at         timestamptz,
        deleted_at          timestamptz
      )`);
      await runner.query(`CREATE INDEX servers_tenant_newest_first ON "${schema}".servers (tenant_id, created_at DESC, id DESC)`);
      await runner.query(`CREATE INDEX servers_tenant_updated_at ON "${schema}".servers (tenant_id, updated_at)`);
      await runner.query(`CREATE TABLE "${schema}".server_metadata (
        server_uuid  uuid NOT NULL,
        key          text NOT NULL,
        value        text NOT NULL,
        PRIMARY KEY (server_uuid, key)
      )`);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${schema}".server_metadata`);
      await runner.query(`DROP TABLE "${schema}".servers`);
      await runner.query(`DROP SEQUENCE "${schema}".server_ids`);
    }
  };
}
