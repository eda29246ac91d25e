// The network app's security group tables. A group's name is unique per tenant among its live
// groups (partial unique index): two racing creates of one name, or two first uses racing to
// create `default`, leave exactly one. A deleted group keeps its row (deleted_at) and its
// rules: servers that had it keep using them (spec "Security Groups"), but it is not found
// any more. A rule is unique in its group whatever its fields (nulls included): the database
// refuses a duplicate. Ids come from sequences: the integers the API shows.
// A plain table, not a projection: history lives in the events (`securitygroup-<id>`).

import type { MigrationInterface, QueryRunner } from 'typeorm';

export function createSecurityGroupsMigration(schema: string): new () => MigrationInterface {
  const s = `"${schema}"`;
  return class CreateSecurityGroups1764700000000 implements MigrationInterface {
    name = 'CreateSecurityGroups1764700000000';
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE SEQUENCE ${s}.security_group_ids`);
      await runner.query(`CREATE SEQUENCE ${s}.security_group_rule_ids`);
      await runner.query(`CREATE TABLE ${s}.security_groups (
        id          bigint      PRIMARY KEY,
        tenant_id   text        NOT NULL,
        name        text        NOT NULL,
        description text        NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        deleted_at  timestamptz
      )`);
      await runner.query(`CREATE UNIQUE INDEX live_security_group_names ON ${s}.security_groups (tenant_id, name) WHERE deleted_at IS NULL`);
      await runner.query(`CREATE TABLE ${s}.security_group_rules (
        id              bigint  PRIMARY KEY,
        parent_group_id bigint  NOT NULL REFERENCES ${s}.security_groups (id),
        protocol        text    CHECK (protocol IN ('tcp', 'udp', 'icmp')),
        from_port       integer,
        to_port         integer,
        cidr            text,
        source_group_id bigint  REFERENCES ${s}.security_groups (id),
        CHECK ((cidr IS NULL) <> (source_group_id IS NULL)),
        CHECK ((protocol IS NULL) = (from_port IS NULL) AND (from_port IS NULL) = (to_port IS NULL))
      )`);
      await runner.query(`CREATE UNIQUE INDEX one_rule_per_group ON ${s}.security_group_rules
        (parent_group_id, coalesce(protocol, ''), coalesce(from_port, -2), coalesce(to_port, -2), coalesce(cidr, ''), coalesce(source_group_id, 0))`);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE ${s}.security_group_rules`);
      await runner.query(`DROP TABLE ${s}.security_groups`);
      await runner.query(`DROP SEQUENCE ${s}.security_group_rule_ids`);
      await runner.query(`DROP SEQUENCE ${s}.security_group_ids`);
    }
  };
}
