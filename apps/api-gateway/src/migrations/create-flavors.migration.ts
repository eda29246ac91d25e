// Flavors (spec 2 "Flavors", 4.4.14): the six standard flavors of HP Cloud Compute, present on
// every new installation. Flavors are operator data that never changes through the API, so
// they are a plain table rather than a stream (DESIGN.md: plain tables where history adds nothing).

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The spec's `nova flavor-list` table: id, name, ram (MB), disk (GB), vcpus; swap and rxtx are 0. */
const STANDARD_FLAVORS: [number, string, number, number, number][] = [
  [100, 'standard.xsmall', 1024, 30, 1],
  [101, 'standard.small', 2048, 60, 2],
  [102, 'standard.medium', 4096, 120, 2],
  [103, 'standard.large', 8192, 240, 4],
  [104, 'standard.xlarge', 16384, 480, 4],
  [105, 'standard.2xlarge', 32768, 960, 8],
];

export function createFlavorsMigration(schema: string): new () => MigrationInterface {
  return class CreateFlavors1764400000100 implements MigrationInterface {
    name = 'CreateFlavors1764400000100';
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE TABLE "${schema}".flavors (
        id          integer PRIMARY KEY,
        name        text    NOT NULL UNIQUE,
        ram         integer NOT NULL CHECK (ram > 0),
        disk        integer NOT NULL CHECK (disk >= 0),
        vcpus       integer NOT NULL CHECK (vcpus > 0),
        swap        integer NOT NULL DEFAULT 0,
        rxtx_quota  integer NOT NULL DEFAULT 0,
        rxtx_cap    integer NOT NULL DEFAULT 0
      )`);
      for (const [id, name, ram, disk, vcpus] of STANDARD_FLAVORS) {
        await runner.query(`INSERT INTO "${schema}".flavors (id, name, ram, disk, vcpus) VALUES ($1, $2, $3, $4, $5)`, [id, name, ram, disk, vcpus]);
      }
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${schema}".flavors`);
    }
  };
}
