// The gateway's read models of the network app's resources, projected from its events by
// durable consumers (floating-ips/floating-ip.projection.ts,
// security-groups/security-group.projection.ts): the tenants' floating IPs, their live
// security groups, and those groups' rules, each rule with its source group's name so that a
// rule reads without a join (and keeps reading after its source group is deleted).

import type { MigrationInterface, QueryRunner } from 'typeorm';

export function createNetworkViewsMigration(schema: string): new () => MigrationInterface {
  const s = `"${schema}"`;
  return class CreateNetworkViews1764400000900 implements MigrationInterface {
    name = 'CreateNetworkViews1764400000900';
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE TABLE ${s}.floating_ips (
        id            bigint      PRIMARY KEY,
        tenant_id     text        NOT NULL,
        ip            text        NOT NULL,
        pool          text        NOT NULL,
        fixed_ip      text,
        instance_id   text,
        auto_assigned boolean     NOT NULL,
        allocated_at  timestamptz NOT NULL
      )`);
      await runner.query(`CREATE INDEX floating_ips_by_tenant ON ${s}.floating_ips (tenant_id, id)`);
      await runner.query(`CREATE TABLE ${s}.security_groups (
        id          bigint      PRIMARY KEY,
        tenant_id   text        NOT NULL,
        name        text        NOT NULL,
        description text        NOT NULL,
        created_at  timestamptz NOT NULL
      )`);
      await runner.query(`CREATE INDEX security_groups_by_tenant ON ${s}.security_groups (tenant_id, name)`);
      await runner.query(`CREATE TABLE ${s}.security_group_rules (
        id                bigint  PRIMARY KEY,
        parent_group_id   bigint  NOT NULL,
        tenant_id         text    NOT NULL,
        ip_protocol       text,
        from_port         integer,
        to_port           integer,
        cidr              text,
        source_group_id   bigint,
        source_group_name text,
        source_tenant_id  text
      )`);
      await runner.query(`CREATE INDEX security_group_rules_by_group ON ${s}.security_group_rules (parent_group_id, id)`);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE ${s}.security_group_rules, ${s}.security_groups, ${s}.floating_ips`);
    }
  };
}
