// Graceful stop on SIGTERM and SIGINT: close the Nest app (HTTP answers 503, then Nest runs
// onModuleDestroy, beforeApplicationShutdown, closes HTTP and the NATS microservice, then
// onApplicationShutdown) and exit 0; exit 1 if that takes longer than the hard timeout.
// Nest's enableShutdownHooks() is not used: it re-raises the signal, so the exit code is 143.

import type { INestApplication } from '@nestjs/common';
import type { PinoLogger } from '../logging/create-pino-logger';

export const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;
export const SHUTDOWN_TIMEOUT_MS = 10_000;

export class ShutdownSignals {
  private app?: INestApplication;
  private stopping = false;

  constructor(
    private readonly pino: PinoLogger,
    private readonly timeoutMs = SHUTDOWN_TIMEOUT_MS,
  ) {
    for (const signal of SHUTDOWN_SIGNALS) {
      process.on(signal, () => void this.stop(signal));
    }
  }

  /** From now on a signal closes `app`; before this, a signal ends the start at once. */
  attach(app: INestApplication): void {
    this.app = app;
  }

  private async stop(signal: NodeJS.Signals): Promise<void> {
    if (this.stopping) {
      this.pino.debug({ signal }, 'already shutting down');
      return;
    }
    this.stopping = true;
    if (!this.app) {
      this.pino.info({ signal }, 'stopped during start');
      process.exit(0);
    }
    this.pino.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      this.pino.fatal({ timeoutMs: this.timeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, this.timeoutMs);
    timer.unref();
    try {
      await this.app.close();
      this.pino.info('stopped');
      process.exit(0);
    } catch (error) {
      this.pino.fatal({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  }
}
