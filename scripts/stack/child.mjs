// One process the launcher runs (an app, nats-server, the embedded Postgres): its output goes
// line by line to the launcher's output under its name, and it runs in its own process group,
// so that Ctrl-C in the terminal reaches only the launcher, which then stops everything in order.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const TAIL_LINES = 30;

export class Child {
  constructor(name, command, args, { env, cwd, output, keepStdinOpen = false, stopSignal = 'SIGTERM' }) {
    this.name = name;
    this.stopSignal = stopSignal;
    this.lines = [];
    this.process = spawn(command, args, { cwd, env, detached: true, stdio: [keepStdinOpen ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    this.pid = this.process.pid;
    this.command = [command, ...args].join(' ');
    const follow = (stream) =>
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        this.lines.push(line);
        if (this.lines.length > TAIL_LINES) this.lines.shift();
        output.line(name, line);
      });
    follow(this.process.stdout);
    follow(this.process.stderr);
    this.exited = new Promise((resolve) => {
      this.process.once('error', (error) => resolve({ code: null, signal: null, error }));
      this.process.once('exit', (code, signal) => resolve({ code, signal }));
    });
  }

  get running() {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Sends `signal`, waits up to `timeoutMs`, then kills; resolves with how it exited. */
  async stop(signal = this.stopSignal, timeoutMs = 20_000) {
    if (this.running) this.process.kill(signal);
    let timer;
    const late = new Promise((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    const outcome = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (outcome !== 'late') return outcome;
    this.process.kill('SIGKILL');
    return { ...(await this.exited), killed: true };
  }

  kill() {
    if (this.running) this.process.kill('SIGKILL');
  }

  tail() {
    return this.lines.join('\n');
  }
}

export function describeExit({ code, signal, error, killed }) {
  if (error) return `failed to start: ${error.message}`;
  if (killed) return 'killed after not stopping in time';
  return signal ? `signal ${signal}` : `code ${code}`;
}
