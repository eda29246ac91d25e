// Reads and validates an app's configuration from environment variables, with working local defaults.
// A wrong value is a ConfigError whose message is one line naming the variable and what it expects.

import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { type AppName, DEFAULT_HTTP_PORTS, defaultSchemaOf, portVariableOf } from './app-names';
import { PlatformConfig } from './platform-config';

type Settings = Omit<PlatformConfig, 'appName' | 'natsServers'>;

interface Variable {
  name: string;
  fallback: string;
  /** Integers arrive as strings; anything that is not all digits becomes NaN and fails validation. */
  integer?: boolean;
  secret?: boolean;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Which variable sets each setting, and its default. */
export function configVariables(app: AppName): Record<keyof Settings, Variable> {
  return {
    databaseUrl: {
      name: 'DATABASE_URL',
      fallback: 'postgres://postgres@127.0.0.1:5432/postgres',
      secret: true,
    },
    natsUrl: { name: 'NATS_URL', fallback: 'nats://127.0.0.1:4222' },
    httpPort: { name: portVariableOf(app), fallback: String(DEFAULT_HTTP_PORTS[app]), integer: true },
    eventStoreSchema: { name: 'EVENT_STORE_SCHEMA', fallback: 'event_store' },
    natsNamespace: { name: 'NATS_NAMESPACE', fallback: '' },
    logLevel: { name: 'LOG_LEVEL', fallback: 'info' },
    dbPoolSize: { name: 'DB_POOL_SIZE', fallback: '10', integer: true },
    appSchema: { name: 'APP_SCHEMA', fallback: defaultSchemaOf(app) },
  };
}

/** Hides the password of a `scheme://user:password@host` URL. */
function redact(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/** The configuration of `app` from `env` (process.env by default); throws ConfigError on a wrong value. */
export function loadConfig(app: AppName, env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const variables = configVariables(app);
  const raw: Record<string, string> = {};
  const plain: Record<string, unknown> = { appName: app };
  for (const [key, variable] of Object.entries(variables)) {
    const value = env[variable.name] ?? variable.fallback;
    raw[key] = value;
    plain[key] = variable.integer ? (/^[0-9]+$/.test(value) ? Number(value) : Number.NaN) : value;
  }
  const config = plainToInstance(PlatformConfig, plain);
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    const problems = errors.map((error) => {
      const variable = variables[error.property as keyof Settings];
      const expected = Object.values(error.constraints ?? {})[0] ?? 'is invalid';
      const got = variable.secret ? redact(raw[error.property]) : raw[error.property];
      return `${variable.name} ${expected}, got '${got}'`;
    });
    throw new ConfigError(`config: ${problems.join('; ')}`);
  }
  return config;
}
