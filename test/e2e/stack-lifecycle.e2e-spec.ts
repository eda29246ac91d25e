// The life of the whole stack as processes: the five built apps start against a private
// nats-server and a fresh database, report ready, notice NATS going away and coming back,
// and stop with exit code 0 on SIGTERM. One of them relays the event log to JetStream, and an
// event appended while NATS is down is published once NATS is back. Also: a malformed
// variable stops an app at once.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { eventSubject, eventsStreamName } from '@app/contracts';
import { PgPoolDb, PostgresEventStore } from '@app/event-store';
import { APPS, type App, AppProcess, ensureBuilt, portVariableOf } from './support/app-process';
import { freePort } from './support/free-port';
import { get } from './support/http';
import { NatsServer } from './support/nats-server';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { waitFor } from '../harness/wait-for';

interface ReadyBody {
  status: string;
  checks: { postgres: 'up' | 'down'; nats: 'up' | 'down' };
}

const SCHEMAS: Record<App, string> = {
  'api-gateway': 'api_gateway',
  scheduler: 'scheduler',
  'compute-agent': 'compute_agent',
  network: 'network',
  quota: 'quota',
};

describe('the stack, as five processes', () => {
  const storeDir = mkdtempSync(join(tmpdir(), 'nova-e2e-nats-'));
  const apps = new Map<App, AppProcess>();
  const ports = new Map<App, number>();
  let nats: NatsServer;
  let database: ScratchDatabase;
  let namespace: string;
  let pool: Pool | undefined;

  /** Appends one event to the stack's log, as any app would. */
  async function appendToLog(stream: string): Promise<void> {
    pool ??= new Pool({ connectionString: database.url, max: 2 });
    const store = new PostgresEventStore(new PgPoolDb(pool), { schema: 'event_store' });
    await store.append(stream, 0, [{ type: 'E2eProbe', data: { stream } }], { correlationId: 'req-e2e', producer: 'e2e' });
  }

  /** The stream name of the newest probe event in the stack's JetStream stream, if any. */
  async function lastPublishedProbe(): Promise<string | undefined> {
    const nc = await connect({ servers: nats.url, reconnect: false });
    try {
      const jsm = await jetstreamManager(nc);
      const message = await jsm.streams.getMessage(eventsStreamName(namespace), { last_by_subj: eventSubject(namespace, 'test-x', 'E2eProbe') });
      return message ? message.json<{ streamName: string }>().streamName : undefined;
    } catch {
      return undefined;
    } finally {
      await nc.close();
    }
  }


  const url = (app: App, path: string) => `http://127.0.0.1:${ports.get(app)}${path}`;
  const each = <T>(probe: (app: App) => Promise<T>) => Promise.all(APPS.map(probe));
  const diagnostics = () => APPS.map((app) => `--- ${app}\n${apps.get(app)?.tail()}`).join('\n');

  async function readyz(app: App): Promise<{ status: number; body: ReadyBody }> {
    const response = await get(url(app, '/readyz'));
    return { status: response.status, body: response.json<ReadyBody>() };
  }

  beforeAll(async () => {
    ensureBuilt();
    nats = new NatsServer(await freePort(), storeDir);
    await nats.start();
    database = await createScratchDatabase();
    namespace = `e2e_${database.name.slice(4)}`;
    for (const app of APPS) {
      const port = await freePort();
      ports.set(app, port);
      apps.set(
        app,
        new AppProcess(app, {
          DATABASE_URL: database.url,
          NATS_URL: nats.url,
          NATS_NAMESPACE: namespace,
          [portVariableOf(app)]: String(port),
          LOG_LEVEL: 'warn',
        }),
      );
    }
  }, 300_000);

  afterAll(async () => {
    for (const child of apps.values()) child.signal('SIGKILL');
    await Promise.all([...apps.values()].map((child) => child.exited));
    await nats?.kill();
    await pool?.end();
    await database?.drop();
    rmSync(storeDir, { recursive: true, force: true });
  }, 60_000);

  it('answers /healthz and then /readyz on every app', async () => {
    try {
      const live = (app: App) => async () => (await get(url(app, '/healthz'))).status === 200;
      await each((app) => waitFor(`${app} /healthz`, live(app), { timeoutMs: 60_000 }));
      await each((app) => waitFor(`${app} /readyz`, async () => (await readyz(app)).status === 200));
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${diagnostics()}`);
    }
    for (const app of APPS) {
      expect(await get(url(app, '/healthz'))).toMatchObject({ status: 200, text: '{"status":"ok"}' });
      expect(await readyz(app)).toEqual({
        status: 200,
        body: { status: 'ready', checks: { postgres: 'up', nats: 'up' } },
      });
    }
  }, 90_000);

  it('serves Prometheus metrics with nova_ready and the app label', async () => {
    for (const app of APPS) {
      const metrics = await get(url(app, '/metrics'));
      expect(metrics.status).toBe(200);
      expect(metrics.text).toContain(`nova_ready{app="${app}"} 1`);
      expect(metrics.text).toContain(`process_cpu_user_seconds_total{app="${app}"}`);
    }
  });

  it('relays what is appended to the log to JetStream, from exactly one leader', async () => {
    const isLeader = async (app: App) => (await get(url(app, '/metrics'))).text.includes(`nova_event_relay_leader{app="${app}"} 1`);
    await waitFor('a relay leader', async () => (await each(isLeader)).some(Boolean));
    expect((await each(isLeader)).filter(Boolean)).toHaveLength(1);
    await appendToLog('test-e2e1');
    await waitFor('the event in JetStream', async () => (await lastPublishedProbe()) === 'test-e2e1');
  });

  it("has migrated each app's own schema, migrations table included", async () => {
    const rows = await database.query<{ schema: string; table: string }>(
      `SELECT table_schema AS schema, table_name AS table FROM information_schema.tables
        WHERE table_schema = ANY($1) ORDER BY 1, 2`,
      [[...Object.values(SCHEMAS), 'event_store']],
    );
    // Every app has the platform's tables; an app's own tables come on top.
    for (const app of APPS) {
      expect(rows.filter((row) => row.schema === SCHEMAS[app]).map((row) => row.table)).toEqual(
        expect.arrayContaining(['consumer_failures', 'consumer_stream_positions', 'migrations', 'parked_events', 'processed_events']),
      );
    }
    expect(rows.filter((row) => row.schema === 'event_store').map((row) => row.table)).toEqual(['events', 'relay_checkpoints']);
  });

  it('reports NATS down on /readyz while it is away, stays live, and is ready once it is back', async () => {
    await nats.kill();
    await each((app) =>
      waitFor(`${app} /readyz to report NATS down`, async () => {
        const { status, body } = await readyz(app);
        return status === 503 && body.checks.nats === 'down' && body.checks.postgres === 'up';
      }),
    );
    for (const app of APPS) {
      expect((await get(url(app, '/healthz'))).status).toBe(200);
      expect((await get(url(app, '/metrics'))).text).toContain(`nova_ready{app="${app}"} 0`);
    }
    // Committed while nobody can publish it: must not be lost.
    await appendToLog('test-e2e2');

    await nats.start();
    await each((app) =>
      waitFor(`${app} /readyz after NATS is back`, async () => (await readyz(app)).status === 200),
    );
    await waitFor('the event appended while NATS was down', async () => (await lastPublishedProbe()) === 'test-e2e2');
  }, 60_000);

  it('stops every app with exit code 0 within 15 s of SIGTERM', async () => {
    for (const child of apps.values()) child.signal('SIGTERM');
    const exits = await each((app) => apps.get(app)!.exitWithin(15_000));
    expect(exits).toEqual(APPS.map(() => ({ code: 0, signal: null })));
  }, 30_000);
});

describe('an app with a malformed environment', () => {
  beforeAll(() => ensureBuilt(), 300_000);

  it('exits 1 with one line on stderr naming the variable', async () => {
    const child = new AppProcess('quota', { NATS_URL: 'foo', QUOTA_PORT: String(await freePort()) });
    const exit = await child.exitWithin(15_000);
    const lines = child.stderr.join('').trimEnd().split('\n');
    expect(exit).toEqual({ code: 1, signal: null });
    expect(lines).toEqual(["config: NATS_URL must be a nats:// URL, got 'foo'"]);
    expect(child.stdout.join('')).toBe('');
  });
});
