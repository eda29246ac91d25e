// Nest's LoggerService on top of pino, so that Nest's own messages and every `new Logger(Context)`
// in the apps come out as the same JSON lines, with the Nest context as a `context` field.
// Nest's start-up inventory (a line per module, controller and route) is logged at debug.

import type { LoggerService } from '@nestjs/common';
import type { PinoLogger } from './create-pino-logger';

type PinoMethod = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

const STACK_FRAME = /\n\s+at /;

/** Nest's contexts that list modules, controllers and routes at every start. */
const INVENTORY_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Nest passes the context last: `log(msg, context)`. */
function contextOf(params: unknown[]): string | undefined {
  const last = params.at(-1);
  return typeof last === 'string' ? last : undefined;
}

export class NestPinoLogger implements LoggerService {
  constructor(private readonly pino: PinoLogger) {}

  log(message: unknown, ...params: unknown[]): void {
    const context = contextOf(params);
    this.write(context && INVENTORY_CONTEXTS.has(context) ? 'debug' : 'info', message, context);
  }

  /** `error(msg, stack, context)`, `error(msg, context)` or `error(msg, stack)`. */
  error(message: unknown, ...params: unknown[]): void {
    const [first] = params;
    if (params.length >= 2) {
      this.write('error', message, contextOf(params), typeof first === 'string' ? first : undefined);
    } else if (typeof first === 'string' && STACK_FRAME.test(first)) {
      this.write('error', message, undefined, first);
    } else {
      this.write('error', message, contextOf(params));
    }
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, contextOf(params));
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, contextOf(params));
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, contextOf(params));
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, contextOf(params));
  }

  private write(method: PinoMethod, message: unknown, context?: string, stack?: string): void {
    if (!this.pino.isLevelEnabled(method)) return;
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    if (stack) fields.stack = stack;
    if (message instanceof Error) {
      this.pino[method]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.pino[method]({ ...fields, ...message });
    } else {
      this.pino[method](fields, String(message));
    }
  }
}
