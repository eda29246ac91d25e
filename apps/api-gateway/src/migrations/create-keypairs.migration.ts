// The keypairs read model (keypairs/keypair.projection.ts): one row per keypair of a user in a
// tenant. The private key of a generated pair is never stored.

import type { MigrationInterface, QueryRunner } from 'typeorm';

export function createKeypairsMigration(schema: string): new () => MigrationInterface {
  return class CreateKeypairs1764400000300 implements MigrationInterface {
    name = 'CreateKeypairs1764400000300';
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE TABLE "${schema}".keypairs (
        tenant_id    text        NOT NULL,
        user_id      text        NOT NULL,
        name         text        NOT NULL,
        fingerprint  text        NOT NULL,
        public_key   text        NOT NULL,
        origin       text        NOT NULL CHECK (origin IN ('generated', 'imported')),
        created_at   timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, user_id, name)
      )`);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${schema}".keypairs`);
    }
  };
}
