// Builds the process's pino logger: JSON lines on stdout with `app`, `level` (as a word) and `msg`.

import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config/platform-config';

export type PinoLogger = Logger;

export function createPinoLogger(app: string, level: LogLevel): PinoLogger {
  return pino(
    {
      level,
      base: { app },
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    // Synchronous writes, so that nothing logged just before process.exit() is lost.
    pino.destination({ dest: 1, sync: true }),
  );
}
