// The scheduler's tables:
// - compute_hosts: one row per host, a projection of the host events (capacity, up, enabled)
//   plus what the claims on it use (used_*, instances), kept in step with `claims` in the same
//   transactions. The CHECKs are the last guard of "no host is over-committed" arithmetic.
// - claims: which server holds how much of which host (Nova's placement allocations).

import type { MigrationInterface, QueryRunner } from 'typeorm';

export function createSchedulerTablesMigration(schema: string): new () => MigrationInterface {
  const s = `"${schema}"`;
  return class CreateSchedulerTables1765000000000 implements MigrationInterface {
    name = 'CreateSchedulerTables1765000000000';
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE TABLE ${s}.compute_hosts (
        host               text        PRIMARY KEY,
        agent_id           text        NOT NULL,
        availability_zone  text        NOT NULL,
        vcpus              integer     NOT NULL CHECK (vcpus >= 0),
        ram_mb             integer     NOT NULL CHECK (ram_mb >= 0),
        disk_gb            integer     NOT NULL CHECK (disk_gb >= 0),
        up                 boolean     NOT NULL DEFAULT true,
        enabled            boolean     NOT NULL DEFAULT true,
        used_vcpus         integer     NOT NULL DEFAULT 0 CHECK (used_vcpus >= 0),
        used_ram_mb        integer     NOT NULL DEFAULT 0 CHECK (used_ram_mb >= 0),
        used_disk_gb       integer     NOT NULL DEFAULT 0 CHECK (used_disk_gb >= 0),
        instances          integer     NOT NULL DEFAULT 0 CHECK (instances >= 0),
        updated_at         timestamptz NOT NULL DEFAULT now()
      )`);
      await runner.query(`CREATE TABLE ${s}.claims (
        server_uuid  uuid        PRIMARY KEY,
        host         text        NOT NULL REFERENCES ${s}.compute_hosts (host),
        vcpus        integer     NOT NULL CHECK (vcpus >= 0),
        ram_mb       integer     NOT NULL CHECK (ram_mb >= 0),
        disk_gb      integer     NOT NULL CHECK (disk_gb >= 0),
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
      await runner.query(`CREATE INDEX claims_by_host ON ${s}.claims (host)`);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE ${s}.claims, ${s}.compute_hosts`);
    }
  };
}
