// The network app's IPAM table: one row per address handed out, fixed or floating. The primary
// key (pool, address) is what makes a double allocation impossible, whatever the replicas do;
// a server has at most one fixed IP (partial unique index), which makes a retried allocation
// return the same address. Addresses are stored as integers (IPv4 as 0 .. 2^32-1), so that
// the free-address search is arithmetic on an index. Floating IPs get the integer id the API
// shows from a sequence. A plain table, not a projection: history lives in the events.

import type { MigrationInterface, QueryRunner } from 'typeorm';

export function createAllocatedAddressesMigration(schema: string): new () => MigrationInterface {
  const s = `"${schema}"`;
  return class CreateAllocatedAddresses1764600000000 implements MigrationInterface {
    name = 'CreateAllocatedAddresses1764600000000';
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE SEQUENCE ${s}.floating_ip_ids`);
      await runner.query(`CREATE TABLE ${s}.allocated_addresses (
        pool           text        NOT NULL CHECK (pool IN ('fixed', 'floating')),
        address        bigint      NOT NULL CHECK (address BETWEEN 0 AND 4294967295),
        tenant_id      text        NOT NULL,
        floating_ip_id bigint      UNIQUE,
        server_id      text,
        fixed_address  bigint,
        auto_assigned  boolean     NOT NULL DEFAULT false,
        allocated_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (pool, address),
        CHECK ((pool = 'floating') = (floating_ip_id IS NOT NULL)),
        CHECK (pool = 'floating' OR server_id IS NOT NULL)
      )`);
      await runner.query(`CREATE UNIQUE INDEX one_fixed_ip_per_server ON ${s}.allocated_addresses (server_id) WHERE pool = 'fixed'`);
      await runner.query(`CREATE INDEX floating_ips_by_server ON ${s}.allocated_addresses (server_id) WHERE pool = 'floating'`);
      await runner.query(`CREATE INDEX floating_ips_by_tenant ON ${s}.allocated_addresses (tenant_id, floating_ip_id) WHERE pool = 'floating'`);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE ${s}.allocated_addresses`);
      await runner.query(`DROP SEQUENCE ${s}.floating_ip_ids`);
    }
  };
}
