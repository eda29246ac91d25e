// An app built on PlatformModule, in process, over real Postgres and NATS: after some traffic its
// /metrics has the HTTP requests by route pattern and status with their latency histogram, and
// the log's metrics (events appended, published, consumed, consumer lag); and every log line
// written while serving a request carries that request's id, also after an await and a body.

import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Body, Controller, Inject, Module, Param, Post } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { Registry } from 'prom-client';
import { EventConsumer, PostgresEventStore, type SqlDb } from '@app/event-store';
import { infrastructure } from '../../../../test/harness/infrastructure';
import { sampleValue } from '../../../../test/harness/prometheus-text';
import { createTestContext, type TestContext } from '../../../../test/harness/test-context';
import { waitFor } from '../../../../test/harness/wait-for';
import { APP_DB } from '../event-store/event-store.tokens';
import { createPinoLogger, type PinoLogger } from '../logging/create-pino-logger';
import { currentRequestId } from '../logging/request-context';
import { METRICS_REGISTRY, PINO_LOGGER } from '../platform.constants';
import { PlatformModule } from '../platform.module';
import { observeHttp } from './http-observability';

@Controller('things')
class ThingsController {
  constructor(
    private readonly store: PostgresEventStore,
    @Inject(PINO_LOGGER) private readonly log: PinoLogger,
  ) {}

  @Post(':id')
  async touch(@Param('id') id: string, @Body() body: { note: string }): Promise<{ reqId?: string }> {
    this.log.info({ thing: id }, 'touching');
    await this.store.append(`probe-${id}`, 'any', [{ type: 'ProbeTouched', data: body }], { correlationId: currentRequestId() ?? 'none', producer: 'test' });
    this.log.info({ thing: id }, 'touched');
    return { reqId: currentRequestId() };
  }
}

describe('observability of an app on the platform', () => {
  let ctx: TestContext;
  let app: NestFastifyApplication;
  let consumer: EventConsumer;
  const lines: Record<string, unknown>[] = [];
  const saved = { ...process.env };

  let base: string;
  /** Over a real socket (Fastify's inject() needs an ESM-only package under jest). */
  async function call(method: 'GET' | 'POST', path: string, body?: unknown) {
    const response = await fetch(`${base}${path}`, { method, body: body ? JSON.stringify(body) : undefined, headers: body ? { 'content-type': 'application/json' } : {} });
    const text = await response.text();
    return { statusCode: response.status, body: text, json: <T>() => JSON.parse(text) as T };
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    const infra = await infrastructure();
    Object.assign(process.env, {
      DATABASE_URL: ctx.databaseUrl,
      NATS_URL: ([] as string[]).concat(infra.nats.servers ?? []).join(','),
      EVENT_STORE_SCHEMA: ctx.eventStoreSchema,
      APP_SCHEMA: ctx.appSchema,
      NATS_NAMESPACE: ctx.namespace,
      LOG_LEVEL: 'info',
    });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });

    @Module({ imports: [PlatformModule.forApp({ name: 'scheduler', migrations: () => [] })], controllers: [ThingsController] })
    class ProbeAppModule {}

    const moduleRef = await Test.createTestingModule({ imports: [ProbeAppModule] })
      .overrideProvider(PINO_LOGGER)
      .useValue(createPinoLogger('scheduler', 'info', sink))
      .compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter({ genReqId: () => `req-${randomUUID()}` }), { logger: false });
    observeHttp(app.getHttpAdapter().getInstance(), app.get<Registry>(METRICS_REGISTRY));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    consumer = new EventConsumer({
      name: 'probe-watcher',
      js: ctx.js,
      jsm: ctx.jsm,
      namespace: ctx.namespace,
      category: 'probe',
      db: app.get<SqlDb>(APP_DB),
      schema: ctx.appSchema,
      store: app.get(PostgresEventStore),
      handle: async () => undefined,
    });
    await consumer.start();
  });

  afterAll(async () => {
    await consumer?.stop();
    await app?.close();
    process.env = saved;
    await ctx?.dispose();
  });

  it('counts and times requests by route pattern and status, and counts the log on /metrics', async () => {
    for (const id of ['a', 'b']) expect((await call('POST', `/things/${id}`, { note: id })).statusCode).toBe(201);
    expect((await call('GET', '/nowhere/at/all')).statusCode).toBe(404);
    await waitFor('the consumer to apply both events', async () => consumer.stats.applied >= 2);

    let text = '';
    const value = (name: string, labels: Record<string, string>) => sampleValue(text, name, { app: 'scheduler', ...labels });
    await waitFor('the relay to publish both events', async () => {
      text = (await call('GET', '/metrics')).body;
      return value('nova_events_published_total', { type: 'ProbeTouched' }) === 2;
    });
    const touch = { method: 'POST', route: '/things/:id', status: '201' };
    expect(value('nova_http_requests_total', touch)).toBe(2);
    expect(value('nova_http_requests_total', { method: 'GET', route: '(unmatched)', status: '404' })).toBe(1);
    expect(value('nova_http_request_duration_seconds_bucket', { ...touch, le: '+Inf' })).toBe(2);
    expect(value('nova_http_request_duration_seconds_count', touch)).toBe(2);
    expect(value('nova_http_request_duration_seconds_sum', touch)).toBeGreaterThan(0);
    expect(value('nova_events_appended_total', { type: 'ProbeTouched' })).toBe(2);
    expect(value('nova_events_consumed_total', { consumer: 'probe-watcher', outcome: 'applied' })).toBe(2);
    expect(value('nova_events_consumed_total', { consumer: 'probe-watcher', outcome: 'parked' })).toBe(0);
    expect(value('nova_event_consumer_lag', { consumer: 'probe-watcher' })).toBe(0);
    expect(text).not.toContain('route="/things/a"');
  });

  it('writes the request id on every line logged while serving the request', async () => {
    const response = await call('POST', '/things/c', { note: 'c' });
    const { reqId } = response.json<{ reqId: string }>();
    expect(reqId).toMatch(/^req-[0-9a-f-]{36}$/);
    const mine = lines.filter((line) => line.thing === 'c');
    expect(mine.map((line) => line.msg)).toEqual(['touching', 'touched']);
    for (const line of mine) expect(line).toMatchObject({ app: 'scheduler', req_id: reqId });
    expect(lines.filter((line) => line.thing === 'a').every((line) => line.req_id !== reqId)).toBe(true);
  });
});
