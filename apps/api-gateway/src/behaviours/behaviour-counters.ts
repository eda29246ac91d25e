// The turn counters of the behaviours the gateway applies, in its own schema so that every
// replica takes turns from one count: taking a turn is one atomic upsert that answers the turn
// taken (1, 2, ...). A behaviour found spent (its last turn taken) is remembered in this
// process, so that it costs nothing more.

import { Inject, Injectable } from '@nestjs/common';
import type { SqlDb } from '@app/event-store';
import { APP_DB, PlatformConfig } from '@app/platform';

@Injectable()
export class BehaviourCounters {
  private readonly table: string;
  private readonly spent = new Set<string>();

  constructor(
    @Inject(APP_DB) private readonly db: SqlDb,
    platform: PlatformConfig,
  ) {
    this.table = `"${platform.appSchema}".behaviour_counters`;
  }

  /** Takes the behaviour's next turn: 1 for the first request it counts. */
  async next(behaviourId: string): Promise<number> {
    const { rows } = await this.db.query<{ turns: string }>(
      `INSERT INTO ${this.table} AS c (behaviour_id, turns) VALUES ($1, 1)
       ON CONFLICT (behaviour_id) DO UPDATE SET turns = c.turns + 1
       RETURNING turns`,
      [behaviourId],
    );
    return Number(rows[0].turns);
  }

  isSpent(behaviourId: string): boolean {
    return this.spent.has(behaviourId);
  }

  markSpent(behaviourId: string): void {
    this.spent.add(behaviourId);
  }

  /** Forgets a deleted behaviour's count. */
  async forget(behaviourId: string): Promise<void> {
    this.spent.delete(behaviourId);
    await this.db.query(`DELETE FROM ${this.table} WHERE behaviour_id = $1`, [behaviourId]);
  }
}
