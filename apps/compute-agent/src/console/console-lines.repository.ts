// The console_lines table: each guest's serial console, appended in the transaction of the event
// that made the guest print it, so the console never tells something the log does not.

import type { SqlDb, SqlTx } from '@app/event-store';

/** More than any client asks for; os-getConsoleOutput without a length returns at most this. */
export const MAX_CONSOLE_LINES = 10_000;

export class ConsoleLinesRepository {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `"${schema}".console_lines`;
  }

  async append(tx: SqlTx, serverUuid: string, lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    await tx.query(`INSERT INTO ${this.table} (server_uuid, line) SELECT $1, l FROM unnest($2::text[]) WITH ORDINALITY AS u(l, n) ORDER BY n`, [serverUuid, lines]);
  }

  /** The last `length` lines, oldest first (up to MAX_CONSOLE_LINES when no length is given). */
  async tail(db: SqlDb, serverUuid: string, length?: number): Promise<string[]> {
    const limit = Math.min(length ?? MAX_CONSOLE_LINES, MAX_CONSOLE_LINES);
    const { rows } = await db.query<{ line: string }>(
      `SELECT line FROM (SELECT id, line FROM ${this.table} WHERE server_uuid = $1 ORDER BY id DESC LIMIT $2) AS last ORDER BY id`,
      [serverUuid, limit],
    );
    return rows.map((r) => r.line);
  }

  /** A deleted guest's console is gone with it. */
  async clear(tx: SqlTx, serverUuid: string): Promise<void> {
    await tx.query(`DELETE FROM ${this.table} WHERE server_uuid = $1`, [serverUuid]);
  }
}
