// The compute agent's tables, what a nova-compute keeps on its own host:
// - hosts: the simulated hypervisors of every agent in this schema (agent_id says whose), with
//   their capacity as registered (ComputeHostRegistered) and whether each is up;
// - instances: one row per server an agent was given (ServerScheduled), what the guest is
//   made of (for its console) and what the hypervisor holds (`state`);
// - instance_tasks: the durable work queue, one row per event that asked for work (the
//   event id is the key), finished or not; unfinished rows are resumed at start;
// - console_lines: each guest's serial console, in order.
// Plain tables, not projections: the facts the rest of the stack sees are in the server streams.

import type { MigrationInterface, QueryRunner } from 'typeorm';

export function createComputeAgentTablesMigration(schema: string): new () => MigrationInterface {
  const s = `"${schema}"`;
  return class CreateComputeAgentTables1764700000000 implements MigrationInterface {
    name = 'CreateComputeAgentTables1764700000000';
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE TABLE ${s}.hosts (
        name               text        PRIMARY KEY,
        agent_id           text        NOT NULL,
        availability_zone  text        NOT NULL,
        vcpus              integer     NOT NULL,
        ram_mb             integer     NOT NULL,
        disk_gb            integer     NOT NULL,
        up                 boolean     NOT NULL DEFAULT true,
        reason             text        NOT NULL DEFAULT '',
        registered_at      timestamptz NOT NULL DEFAULT now(),
        changed_at         timestamptz NOT NULL DEFAULT now()
      )`);
      await runner.query(`CREATE INDEX hosts_by_agent ON ${s}.hosts (agent_id)`);
      await runner.query(`CREATE TABLE ${s}.instances (
        server_uuid        text        PRIMARY KEY,
        server_id          bigint      NOT NULL,
        agent_id           text        NOT NULL,
        host               text        NOT NULL,
        tenant_id          text        NOT NULL,
        name               text        NOT NULL,
        hostname           text        NOT NULL,
        image_id           text        NOT NULL,
        key_name           text,
        personality_paths  jsonb       NOT NULL DEFAULT '[]',
        user_data_bytes    integer,
        config_drive       boolean     NOT NULL DEFAULT false,
        reservation_id     text,
        rebuilds           integer     NOT NULL DEFAULT 0,
        state              text        NOT NULL DEFAULT 'building'
                           CHECK (state IN ('building', 'running', 'shutdown', 'error', 'deleted')),
        created_at         timestamptz NOT NULL DEFAULT now(),
        deleted_at         timestamptz
      )`);
      await runner.query(`CREATE INDEX instances_on_host ON ${s}.instances (host) WHERE deleted_at IS NULL`);
      await runner.query(`CREATE INDEX instances_by_server_id ON ${s}.instances (server_id)`);
      await runner.query(`CREATE TABLE ${s}.instance_tasks (
        task_id            uuid        PRIMARY KEY,
        seq                bigserial   NOT NULL UNIQUE,
        server_uuid        text        NOT NULL REFERENCES ${s}.instances (server_uuid),
        agent_id           text        NOT NULL,
        kind               text        NOT NULL CHECK (kind IN ('build', 'reboot', 'rebuild', 'snapshot', 'delete')),
        trigger_version    integer     NOT NULL,
        correlation_id     text        NOT NULL,
        tenant_id          text        NOT NULL,
        data               jsonb       NOT NULL DEFAULT '{}',
        failure            jsonb,
        outcome            text,
        created_at         timestamptz NOT NULL DEFAULT now(),
        finished_at        timestamptz
      )`);
      await runner.query(`CREATE INDEX instance_tasks_unfinished ON ${s}.instance_tasks (agent_id, seq) WHERE finished_at IS NULL`);
      await runner.query(`CREATE INDEX instance_tasks_by_server ON ${s}.instance_tasks (server_uuid)`);
      await runner.query(`CREATE TABLE ${s}.console_lines (
        id                 bigserial   PRIMARY KEY,
        server_uuid        text        NOT NULL,
        line               text        NOT NULL
      )`);
      await runner.query(`CREATE INDEX console_lines_by_server ON ${s}.console_lines (server_uuid, id)`);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE ${s}.console_lines, ${s}.instance_tasks, ${s}.instances, ${s}.hosts`);
    }
  };
}
