// One stack per data folder: `.data/stack.lock` holds the running launcher's pid, what it
// serves and the pids of what it started. A second start reads it: if that launcher is alive
// it says where the running stack is; if it died without cleaning up (kill -9), its leftover
// processes are stopped and its lock taken over.

import { existsSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { join } from 'node:path';

/** Is `pid` alive, and (where /proc tells) running a command line that contains `needle`? */
export function isAlive(pid, needle) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (error.code !== 'EPERM') return false;
  }
  const cmdline = `/proc/${pid}/cmdline`;
  if (!needle || !existsSync(cmdline)) return true;
  try {
    return readFileSync(cmdline, 'utf8').split('\0').join(' ').includes(needle);
  } catch {
    return false;
  }
}

function read(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock, or returns `{ holder }` (the lock file's content) when a live launcher holds
 * it. `leftovers` are the processes a dead launcher left running.
 */
export function acquireLock(dataDir, info) {
  const path = join(dataDir, 'stack.lock');
  let leftovers = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      const content = { pid: process.pid, startedAt: new Date().toISOString(), ...info, children: [] };
      writeFileSync(fd, JSON.stringify(content, null, 2));
      closeSync(fd);
      return {
        leftovers,
        record(children) {
          content.children = children.map((c) => ({ name: c.name, pid: c.pid, command: c.command }));
          writeFileSync(path, JSON.stringify(content, null, 2));
        },
        update(fields) {
          Object.assign(content, fields);
          writeFileSync(path, JSON.stringify(content, null, 2));
        },
        release() {
          if (read(path)?.pid === process.pid) rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const holder = read(path);
    if (holder?.pid && isAlive(holder.pid, 'stack')) return { holder };
    leftovers = (holder?.children ?? []).filter((c) => c.pid && isAlive(c.pid, c.command));
    rmSync(path, { force: true });
  }
  throw new Error(`could not take ${path}`);
}
