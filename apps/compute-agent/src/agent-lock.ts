// One process per agent id: the agent holds a Postgres session advisory lock on its id for as
// long as it runs. A second process started with the same COMPUTE_AGENT_ID waits for it (a
// restart after a crash finds the lock free as soon as Postgres sees the old session end) and
// gives up after a while: two processes resuming the same tasks would race for the same work.

import type { DataSource, QueryRunner } from 'typeorm';
import { advisoryLockKey } from '@app/platform';

const WAIT_MS = 30_000;
const POLL_MS = 250;

export class AgentLockedError extends Error {
  constructor(agentId: string) {
    super(`another compute agent with id '${agentId}' is running (it holds the agent's lock); give each process its own COMPUTE_AGENT_ID`);
    this.name = 'AgentLockedError';
  }
}

export class AgentLock {
  private runner?: QueryRunner;

  constructor(
    private readonly dataSource: DataSource,
    private readonly name: string,
    private readonly agentId: string,
  ) {}

  async acquire(): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const key = advisoryLockKey(this.name);
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1::bigint) AS locked', [key])) as { locked: boolean }[];
      if (locked) {
        this.runner = runner;
        return;
      }
      if (Date.now() >= deadline) {
        await runner.release();
        throw new AgentLockedError(this.agentId);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async release(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    if (!runner) return;
    await runner.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await runner.release();
  }
}
