// Tokens issued by POST /v2.0/tokens, kept as SHA-256 hashes only.

import type { MigrationInterface, QueryRunner } from 'typeorm';

export function createTokensMigration(schema: string): new () => MigrationInterface {
  return class CreateTokens1764400000000 implements MigrationInterface {
    name = 'CreateTokens1764400000000';
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE TABLE "${schema}".tokens (
        token_hash   text        PRIMARY KEY,
        user_id      text        NOT NULL,
        user_name    text        NOT NULL,
        tenant_id    text        NOT NULL,
        tenant_name  text        NOT NULL,
        roles        text[]      NOT NULL,
        issued_at    timestamptz NOT NULL,
        expires_at   timestamptz NOT NULL,
        revoked_at   timestamptz
      )`);
      await runner.query(`CREATE INDEX tokens_expires_at ON "${schema}".tokens (expires_at)`);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${schema}".tokens`);
    }
  };
}
