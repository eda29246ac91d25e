// The behaviours' turn counters (behaviours/behaviour-counters.ts), shared by every gateway
// replica: one row per behaviour that counts the requests it aims at (fail-nth-request,
// sequences, api-error with a probability). Logged, so that a restarted gateway goes on
// counting where it stopped and a run repeats exactly.

import type { MigrationInterface, QueryRunner } from 'typeorm';

export function createBehaviourCountersMigration(schema: string): new () => MigrationInterface {
  return class CreateBehaviourCounters1764400001000 implements MigrationInterface {
    name = 'CreateBehaviourCounters1764400001000';
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE TABLE "${schema}".behaviour_counters (
        behaviour_id  uuid   PRIMARY KEY,
        turns         bigint NOT NULL
      )`);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${schema}".behaviour_counters`);
    }
  };
}
