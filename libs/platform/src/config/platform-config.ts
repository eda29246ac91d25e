// The configuration every app reads from its environment, with the rule each value must follow.
// `loadConfig()` fills it from the environment; the messages below are what a wrong value prints.

import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import type { AppName } from './app-names';
import { IsUrlWithScheme } from './url.validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A lower-case Postgres identifier that needs no quoting (and so is safe to splice into SQL). */
const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const NAMESPACE = /^[a-z0-9_]*$/;

export class PlatformConfig {
  /** The app this process runs (`scheduler`, ...); not read from the environment. */
  appName: AppName;

  /** DATABASE_URL: the Postgres every schema of this app lives in. */
  @IsUrlWithScheme(['postgres', 'postgresql'], { message: 'must be a postgres:// URL' })
  databaseUrl: string;

  /** NATS_URL: one NATS server, or several separated by commas (a cluster's seeds). */
  @IsUrlWithScheme(['nats', 'tls'], { list: true, message: 'must be a nats:// URL' })
  natsUrl: string;

  /** <APP>_PORT: the HTTP port (health, metrics, and the API for the gateway). */
  @IsInt({ message: 'must be an integer port from 1 to 65535' })
  @Min(1, { message: 'must be an integer port from 1 to 65535' })
  @Max(65535, { message: 'must be an integer port from 1 to 65535' })
  httpPort: number;

  /** EVENT_STORE_SCHEMA: the schema of the shared event log. */
  @Matches(SQL_IDENTIFIER, { message: 'must be a lower-case SQL identifier (a-z, 0-9, _)' })
  eventStoreSchema: string;

  /** NATS_NAMESPACE: prefixes subjects and stream names so test runs do not see each other. */
  @Matches(NAMESPACE, { message: 'must match /^[a-z0-9_]*$/' })
  natsNamespace: string;

  /** LOG_LEVEL: the lowest pino level written. */
  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  logLevel: LogLevel;

  /** DB_POOL_SIZE: the most Postgres connections this process opens. */
  @IsInt({ message: 'must be an integer from 1 to 100' })
  @Min(1, { message: 'must be an integer from 1 to 100' })
  @Max(100, { message: 'must be an integer from 1 to 100' })
  dbPoolSize: number;

  /** APP_SCHEMA: the schema this app owns (its tables and its migrations table). */
  @Matches(SQL_IDENTIFIER, { message: 'must be a lower-case SQL identifier (a-z, 0-9, _)' })
  appSchema: string;

  /** NATS_URL as the list of servers a NATS client takes. */
  get natsServers(): string[] {
    return this.natsUrl.split(',').map((server) => server.trim());
  }
}
