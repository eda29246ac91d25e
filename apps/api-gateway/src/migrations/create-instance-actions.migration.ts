// The instance-actions read model (instance-actions/instance-action.projection.ts): Nova's
// per-server audit trail, one row per (server, request) and one per step of it.

import type { MigrationInterface, QueryRunner } from 'typeorm';

export function createInstanceActionsMigration(schema: string): new () => MigrationInterface {
  return class CreateInstanceActions1764400000700 implements MigrationInterface {
    name = 'CreateInstanceActions1764400000700';
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE TABLE "${schema}".instance_actions (
        server_uuid  uuid        NOT NULL,
        request_id   text        NOT NULL,
        action       text        NOT NULL,
        tenant_id    text        NOT NULL,
        user_id      text        NOT NULL,
        start_time   timestamptz NOT NULL,
        message      text,
        PRIMARY KEY (server_uuid, request_id)
      )`);
      await runner.query(`CREATE TABLE "${schema}".instance_action_events (
        server_uuid  uuid        NOT NULL,
        request_id   text        NOT NULL,
        event        text        NOT NULL,
        start_time   timestamptz NOT NULL,
        finish_time  timestamptz,
        result       text,
        traceback    text,
        PRIMARY KEY (server_uuid, request_id, event)
      )`);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${schema}".instance_action_events`);
      await runner.query(`DROP TABLE "${schema}".instance_actions`);
    }
  };
}
