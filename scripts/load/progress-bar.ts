// A progress bar on stderr while a run goes: iterations done of all, failures, in flight,
// elapsed time and rate. On a terminal it redraws one line (at most 10 times a second);
// elsewhere (CI logs) it prints a line at every tenth of the run.

export interface ProgressCounts {
  done: number;
  failed: number;
  inFlight: number;
}

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export function renderProgress(label: string, total: number, counts: ProgressCounts, elapsedMs: number, width = 30): string {
  const share = total > 0 ? Math.min(1, counts.done / total) : 1;
  const filled = Math.round(share * width);
  const seconds = elapsedMs / 1000;
  const rate = seconds > 0 ? counts.done / seconds : 0;
  return (
    `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${counts.done}/${total} ` +
    `${String(Math.floor(share * 100)).padStart(3)}% failed ${counts.failed} in flight ${counts.inFlight} ` +
    `${seconds.toFixed(1)} s ${rate.toFixed(1)}/s`
  );
}

export class ProgressBar {
  private readonly counts: ProgressCounts = { done: 0, failed: 0, inFlight: 0 };
  private readonly startedAt = Date.now();
  private lastDrawAt = 0;
  private lastTenth = -1;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: ProgressStream = process.stderr,
  ) {
    // Elapsed time moves even while nothing finishes.
    if (stream.isTTY) this.timer = setInterval(() => this.draw(true), 500).unref();
  }

  started(): void {
    this.counts.inFlight++;
    this.draw(false);
  }

  finished(ok: boolean): void {
    this.counts.inFlight--;
    this.counts.done++;
    if (!ok) this.counts.failed++;
    this.draw(false);
  }

  /** The last line, and the cursor on a new line. */
  stop(): void {
    clearInterval(this.timer);
    const line = renderProgress(this.label, this.total, this.counts, Date.now() - this.startedAt);
    this.stream.write(this.stream.isTTY ? `\r${line}\x1b[K\n` : `${line}\n`);
  }

  private draw(force: boolean): void {
    const now = Date.now();
    if (this.stream.isTTY) {
      if (!force && now - this.lastDrawAt < 100) return;
      this.lastDrawAt = now;
      this.stream.write(`\r${renderProgress(this.label, this.total, this.counts, now - this.startedAt)}\x1b[K`);
      return;
    }
    const tenth = this.total > 0 ? Math.floor((this.counts.done / this.total) * 10) : 10;
    if (tenth > this.lastTenth && tenth < 10) {
      this.lastTenth = tenth;
      this.stream.write(`${renderProgress(this.label, this.total, this.counts, now - this.startedAt)}\n`);
    }
  }
}
