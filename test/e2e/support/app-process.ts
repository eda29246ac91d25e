// Runs one built app (dist/apps/<app>/.../main.js) as a child process, keeps its output for
// diagnostics, and reports how it exited. `ensureBuilt()` runs `npm run build` if dist is missing.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { APP_NAMES, type AppName } from '@app/platform/config/app-names';

export { portVariableOf } from '@app/platform/config/app-names';
export const APPS = APP_NAMES;
export type App = AppName;

const ROOT = join(__dirname, '..', '..', '..');

export function mainOf(app: App): string {
  return join(ROOT, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');
}

export function ensureBuilt(): void {
  if (APPS.every((app) => existsSync(mainOf(app)))) return;
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`npm run build failed with ${build.status ?? build.signal}`);
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class AppProcess {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<Exit>;
  /** The HTTP port it serves /readyz and /metrics on, when the starter chose one. */
  port?: number;
  private readonly child: ChildProcess;

  constructor(
    readonly app: App,
    /** The environment given on top of this process's own (what a restart gives again). */
    readonly env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, [mainOf(app)], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.stdout.push(chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.stderr.push(chunk));
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => resolve({ code, signal }));
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** The exit, or a rejection if the app is still running after `timeoutMs`. */
  async exitWithin(timeoutMs: number): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      const fail = () => reject(new Error(`${this.app} still running after ${timeoutMs} ms`));
      timer = setTimeout(fail, timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The last lines of output, for a failure message. */
  tail(lines = 20): string {
    const all = [...this.stdout, ...this.stderr].join('').split('\n');
    return all.slice(-lines).join('\n');
  }
}
