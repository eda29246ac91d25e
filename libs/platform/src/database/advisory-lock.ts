// A Postgres session advisory lock on a key derived from a name, so that replicas of one app
// starting together run its migrations one after the other instead of racing.

import { createHash } from 'node:crypto';
import type { QueryRunner } from 'typeorm';

/** A stable signed 64-bit key (as a decimal string) for `name`: the first 8 bytes of its SHA-256. */
export function advisoryLockKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}

/** Runs `work` while this query runner's session holds the lock on `name`. */
export async function withAdvisoryLock<T>(
  queryRunner: QueryRunner,
  name: string,
  work: () => Promise<T>,
): Promise<T> {
  const key = advisoryLockKey(name);
  await queryRunner.query('SELECT pg_advisory_lock($1::bigint)', [key]);
  try {
    return await work();
  } finally {
    await queryRunner.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
  }
}
