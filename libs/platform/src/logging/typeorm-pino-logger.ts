// TypeORM's logger interface on top of pino: query errors and slow queries always, migrations at
// info, schema building at debug, and every query only at trace.

import type { Logger as TypeOrmLogger } from 'typeorm';
import type { PinoLogger } from './create-pino-logger';

export class TypeOrmPinoLogger implements TypeOrmLogger {
  private readonly pino: PinoLogger;

  constructor(pino: PinoLogger) {
    this.pino = pino.child({ context: 'TypeORM' });
  }

  logQuery(query: string, parameters?: unknown): void {
    this.pino.trace({ query, parameters }, 'query');
  }

  logQueryError(error: string | Error, query: string, parameters?: unknown): void {
    this.pino.error({ err: error, query, parameters }, 'query failed');
  }

  logQuerySlow(time: number, query: string, parameters?: unknown): void {
    this.pino.warn({ durationMs: time, query, parameters }, 'slow query');
  }

  logSchemaBuild(message: string): void {
    this.pino.debug(message);
  }

  logMigration(message: string): void {
    this.pino.info(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    this.pino[level === 'warn' ? 'warn' : 'info'](String(message));
  }
}
