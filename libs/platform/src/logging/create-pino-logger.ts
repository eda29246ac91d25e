// Builds the process's pino logger: JSON lines on stdout with `app`, `level` (as a word) and `msg`,
// plus `req_id` on every line written while serving a request (logging/request-context.ts).
// `npm start` turns these lines into readable ones in a terminal (scripts/stack/logs.mjs).

import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/platform-config';
import { currentRequestId } from './request-context';

export type PinoLogger = Logger;

/** `destination`: stdout unless given (tests pass a stream to read the lines back). */
export function createPinoLogger(app: string, level: LogLevel, destination?: DestinationStream): PinoLogger {
  return pino(
    {
      level,
      base: { app },
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const reqId = currentRequestId();
        return reqId ? { req_id: reqId } : {};
      },
    },
    // Synchronous writes, so that nothing logged just before process.exit() is lost.
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
