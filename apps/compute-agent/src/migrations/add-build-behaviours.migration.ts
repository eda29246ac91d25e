// The behaviours (fault injection) a build follows, decided when its task is queued and kept on
// the task row (instance_tasks.behaviours), so a build resumed after a crash follows the same
// plan. The sequence counters live in the platform's behaviour tables (behaviourMatchTablesMigration).

import type { MigrationInterface, QueryRunner } from 'typeorm';

export function addBuildBehavioursMigration(schema: string): new () => MigrationInterface {
  const s = `"${schema}"`;
  return class AddBuildBehaviours1766000000100 implements MigrationInterface {
    name = 'AddBuildBehaviours1766000000100';
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`ALTER TABLE ${s}.instance_tasks ADD COLUMN IF NOT EXISTS behaviours jsonb`);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`ALTER TABLE ${s}.instance_tasks DROP COLUMN IF EXISTS behaviours`);
    }
  };
}
