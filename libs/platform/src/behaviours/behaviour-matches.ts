// Which match of a sequence behaviour each server is, counted by the app that applies it and
// kept in that app's schema (shared by its replicas): `behaviour_match_counters` holds each
// sequence's count (UPDATE ... RETURNING under the row's lock), `behaviour_matches` the number
// each server got, so asking again for the same server (a redelivery, a retried transaction,
// a task resumed after a crash) gives the same number and never counts twice.
//
//   migrations: (schema) => [..., behaviourMatchTablesMigration(schema)]
//   const n = await matches.matchOf(tx, behaviour.id, serverUuid);

import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { SqlTx } from '@app/event-store';

export function behaviourMatchTablesMigration(schema: string): new () => MigrationInterface {
  const s = `"${schema}"`;
  return class CreateBehaviourMatchTables1766000000000 implements MigrationInterface {
    name = 'CreateBehaviourMatchTables1766000000000';
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE TABLE IF NOT EXISTS ${s}.behaviour_match_counters (
        behaviour_id  text        PRIMARY KEY,
        matches       bigint      NOT NULL DEFAULT 0
      )`);
      await runner.query(`CREATE TABLE IF NOT EXISTS ${s}.behaviour_matches (
        behaviour_id  text        NOT NULL,
        subject       text        NOT NULL,
        match         bigint      NOT NULL,
        matched_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (behaviour_id, subject)
      )`);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE IF EXISTS ${s}.behaviour_matches, ${s}.behaviour_match_counters`);
    }
  };
}

export class BehaviourMatches {
  private readonly counters: string;
  private readonly matches: string;

  constructor(schema: string) {
    this.counters = `"${schema}".behaviour_match_counters`;
    this.matches = `"${schema}".behaviour_matches`;
  }

  /**
   * The match number (from 1) of `subject` for the behaviour, taken once. The counter's row lock
   * is held until `tx` ends, so concurrent matches of one behaviour count one after the other,
   * and a second ask for the same subject waits and then finds the first one's number.
   */
  async matchOf(tx: SqlTx, behaviourId: string, subject: string): Promise<number> {
    await tx.query(`INSERT INTO ${this.counters} (behaviour_id) VALUES ($1) ON CONFLICT DO NOTHING`, [behaviourId]);
    await tx.query(`SELECT matches FROM ${this.counters} WHERE behaviour_id = $1 FOR UPDATE`, [behaviourId]);
    const held = await tx.query<{ match: string }>(`SELECT match FROM ${this.matches} WHERE behaviour_id = $1 AND subject = $2`, [behaviourId, subject]);
    if (held.rows[0]) return Number(held.rows[0].match);
    const { rows } = await tx.query<{ matches: string }>(`UPDATE ${this.counters} SET matches = matches + 1 WHERE behaviour_id = $1 RETURNING matches`, [behaviourId]);
    const match = Number(rows[0].matches);
    await tx.query(`INSERT INTO ${this.matches} (behaviour_id, subject, match) VALUES ($1, $2, $3)`, [behaviourId, subject, match]);
    return match;
  }
}
