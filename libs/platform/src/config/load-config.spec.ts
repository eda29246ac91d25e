// loadConfig(): defaults that work locally, and one clear line for each kind of wrong value.

import { ConfigError, loadConfig } from './load-config';

function failure(env: NodeJS.ProcessEnv, app: Parameters<typeof loadConfig>[0] = 'scheduler'): string {
  try {
    loadConfig(app, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  describe('with an empty environment', () => {
    it('uses the local defaults', () => {
      const config = loadConfig('scheduler', {});
      expect(config).toMatchObject({
        appName: 'scheduler',
        databaseUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
        natsUrl: 'nats://127.0.0.1:4222',
        httpPort: 8781,
        eventStoreSchema: 'event_store',
        natsNamespace: '',
        logLevel: 'info',
        dbPoolSize: 10,
        appSchema: 'scheduler',
      });
      expect(config.natsServers).toEqual(['nats://127.0.0.1:4222']);
    });

    it.each([
      ['api-gateway', 8774, 'api_gateway'],
      ['scheduler', 8781, 'scheduler'],
      ['compute-agent', 8782, 'compute_agent'],
      ['network', 8783, 'network'],
      ['quota', 8784, 'quota'],
    ] as const)('gives %s port %i and schema %s', (app, port, schema) => {
      expect(loadConfig(app, {})).toMatchObject({ httpPort: port, appSchema: schema });
    });
  });

  describe('with values set', () => {
    it('reads each variable', () => {
      const config = loadConfig('compute-agent', {
        DATABASE_URL: 'postgresql://nova:secret@db:5432/nova',
        NATS_URL: 'nats://n1:4222, nats://n2:4222',
        COMPUTE_AGENT_PORT: '9000',
        EVENT_STORE_SCHEMA: 'events_t1',
        NATS_NAMESPACE: 't1a2',
        LOG_LEVEL: 'debug',
        DB_POOL_SIZE: '3',
        APP_SCHEMA: 'compute_agent_t1',
      });
      expect(config).toMatchObject({
        databaseUrl: 'postgresql://nova:secret@db:5432/nova',
        httpPort: 9000,
        eventStoreSchema: 'events_t1',
        natsNamespace: 't1a2',
        logLevel: 'debug',
        dbPoolSize: 3,
        appSchema: 'compute_agent_t1',
      });
      expect(config.natsServers).toEqual(['nats://n1:4222', 'nats://n2:4222']);
    });

    it("reads only the app's own port variable", () => {
      expect(loadConfig('quota', { SCHEDULER_PORT: '1', PORT: '2', QUOTA_PORT: '9100' }).httpPort).toBe(9100);
    });
  });

  describe('with a wrong value', () => {
    it.each([
      [{ NATS_URL: 'foo' }, "config: NATS_URL must be a nats:// URL, got 'foo'"],
      [{ NATS_URL: 'http://127.0.0.1:4222' }, "config: NATS_URL must be a nats:// URL, got 'http://127.0.0.1:4222'"],
      [{ NATS_URL: 'nats://a:4222,bar' }, "config: NATS_URL must be a nats:// URL, got 'nats://a:4222,bar'"],
      [{ DATABASE_URL: 'mysql://db/x' }, "config: DATABASE_URL must be a postgres:// URL, got 'mysql://db/x'"],
      [{ DATABASE_URL: '' }, "config: DATABASE_URL must be a postgres:// URL, got ''"],
      [{ SCHEDULER_PORT: 'http' }, "config: SCHEDULER_PORT must be an integer port from 1 to 65535, got 'http'"],
      [{ SCHEDULER_PORT: '70000' }, "config: SCHEDULER_PORT must be an integer port from 1 to 65535, got '70000'"],
      [{ SCHEDULER_PORT: '80.5' }, "config: SCHEDULER_PORT must be an integer port from 1 to 65535, got '80.5'"],
      [{ NATS_NAMESPACE: 'T-1' }, "config: NATS_NAMESPACE must match /^[a-z0-9_]*$/, got 'T-1'"],
      [
        { LOG_LEVEL: 'verbose' },
        "config: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, got 'verbose'",
      ],
      [{ DB_POOL_SIZE: '0' }, "config: DB_POOL_SIZE must be an integer from 1 to 100, got '0'"],
      [{ DB_POOL_SIZE: '101' }, "config: DB_POOL_SIZE must be an integer from 1 to 100, got '101'"],
      [{ DB_POOL_SIZE: 'ten' }, "config: DB_POOL_SIZE must be an integer from 1 to 100, got 'ten'"],
      [
        { EVENT_STORE_SCHEMA: 'Event-Store' },
        "config: EVENT_STORE_SCHEMA must be a lower-case SQL identifier (a-z, 0-9, _), got 'Event-Store'",
      ],
      [
        { APP_SCHEMA: 'x"; drop' },
        `config: APP_SCHEMA must be a lower-case SQL identifier (a-z, 0-9, _), got 'x"; drop'`,
      ],
    ])('%j is refused with one line naming the variable', (env, message) => {
      expect(failure(env)).toBe(message);
    });

    it('hides the password of a bad DATABASE_URL', () => {
      expect(failure({ DATABASE_URL: 'mysql://nova:s3cret@db/x' })).toBe(
        "config: DATABASE_URL must be a postgres:// URL, got 'mysql://nova:***@db/x'",
      );
    });

    it('names every wrong variable, still on one line', () => {
      const message = failure({ NATS_URL: 'foo', LOG_LEVEL: 'loud' }, 'network');
      expect(message).toBe(
        "config: NATS_URL must be a nats:// URL, got 'foo'; " +
          "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, got 'loud'",
      );
      expect(message).not.toContain('\n');
    });
  });
});
