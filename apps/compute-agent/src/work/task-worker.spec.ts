// The worker's rules, with the task table kept in memory: one server's tasks in the order they
// were asked for, different servers at once, a delete stops what runs before it, a failing task
// is tried again, a stop leaves tasks unfinished, and resume queues what was left.

import { Registry } from 'prom-client';
import type { SqlDb } from '@app/event-store';
import { createComputeMetrics } from '../compute-agent-metrics';
import { sleep } from '../fake-virt/hypervisor-driver';
import type { InstanceTasksRepository, TaskKind, TaskRow } from '../instances/instance-tasks.repository';
import { TaskWorker, type TaskRunner } from './task-worker';

let seq = 0;
const task = (serverUuid: string, kind: TaskKind): TaskRow => ({
  taskId: `t${++seq}`, seq, serverUuid, agentId: 'a', kind, triggerVersion: seq, correlationId: 'req-1', tenantId: 't', data: {}, failure: null, behaviours: null,
});

function worker(run: TaskRunner, unfinished: TaskRow[] = []) {
  const finished = new Map<string, string>();
  const tasks = {
    unfinished: async () => unfinished,
    finish: async (_db: unknown, taskId: string, outcome: string) => void finished.set(taskId, outcome),
  } as unknown as InstanceTasksRepository;
  const log = { info: () => undefined, warn: () => undefined };
  const w = new TaskWorker({ db: {} as SqlDb, tasks, agentId: 'a', run, metrics: createComputeMetrics(new Registry()), log });
  const settled = async () => {
    for (let i = 0; i < 500 && w.pending > 0; i++) await sleep(5, new AbortController().signal);
  };
  return { w, finished, settled };
}

describe('the task worker', () => {
  it("runs one server's tasks in order and different servers' at once", async () => {
    const log: string[] = [];
    const { w, finished, settled } = worker(async (t, signal) => {
      log.push(`start ${t.serverUuid} ${t.kind}`);
      await sleep(20, signal);
      log.push(`end ${t.serverUuid} ${t.kind}`);
      return 'done';
    });
    w.enqueue(task('s1', 'build'));
    w.enqueue(task('s1', 'reboot'));
    w.enqueue(task('s2', 'build'));
    await settled();
    expect(log.slice(0, 2)).toEqual(['start s1 build', 'start s2 build']);
    expect(log.indexOf('start s1 reboot')).toBeGreaterThan(log.indexOf('end s1 build'));
    expect([...finished.values()]).toEqual(['done', 'done', 'done']);
  });

  it('queues a task once, however often it is handed over', async () => {
    let runs = 0;
    const { w, settled } = worker(async () => `run ${++runs}`);
    const t = task('s1', 'build');
    w.enqueue(t);
    w.enqueue(t);
    await settled();
    expect(runs).toBe(1);
  });

  it('stops a running build when a delete of its server arrives, then runs the delete', async () => {
    const { w, finished, settled } = worker(async (t, signal) => {
      if (t.kind === 'build') await sleep(60_000, signal);
      return t.kind === 'delete' ? 'deleted' : 'built';
    });
    const build = task('s1', 'build');
    const del = task('s1', 'delete');
    w.enqueue(build);
    await sleep(10, new AbortController().signal);
    w.enqueue(del);
    await settled();
    expect(finished.get(build.taskId)).toBe('superseded');
    expect(finished.get(del.taskId)).toBe('deleted');
  });

  it('tries a failing task again until it ends', async () => {
    let attempts = 0;
    const { w, finished, settled } = worker(async () => {
      if (++attempts < 3) throw new Error('database away');
      return 'done';
    });
    const t = task('s1', 'build');
    w.enqueue(t);
    await settled();
    expect(attempts).toBe(3);
    expect(finished.get(t.taskId)).toBe('done');
  });

  it('leaves tasks unfinished when it stops, and resume queues what the table holds', async () => {
    const { w, finished } = worker(async (_t, signal) => {
      await sleep(60_000, signal);
      return 'done';
    });
    w.enqueue(task('s1', 'build'));
    await sleep(10, new AbortController().signal);
    await w.stop();
    expect(finished.size).toBe(0);

    const left = [task('s1', 'build'), task('s2', 'reboot')];
    const resumed = worker(async () => 'done', left);
    expect(await resumed.w.resume()).toBe(2);
    await resumed.settled();
    expect([...resumed.finished.keys()].sort()).toEqual(left.map((t) => t.taskId).sort());
  });
});
