// The QuotaClient an app gets from quotaClientProvider, over real NATS: requests go to the
// pattern behind the namespace, and a request nobody answers fails fast and clearly as
// QuotaUnavailableError (no responders), or after the timeout (a responder that hangs).

import { QuotaUnavailableError, requestSubject } from '@app/contracts';
import { infrastructure } from '../../../../test/harness/infrastructure';
import { createTestContext, type TestContext } from '../../../../test/harness/test-context';
import { createQuotaClient } from './quota-client.provider';

describe('quota client over NATS', () => {
  let ctx: TestContext;
  let natsServers: string[];
  const client = (timeoutMs = 2000) => createQuotaClient({ natsServers, natsNamespace: ctx.namespace, name: 'quota-client-test' }, { timeoutMs });

  beforeAll(async () => {
    ctx = await createTestContext();
    natsServers = ([] as string[]).concat((await infrastructure()).nats.servers ?? []);
  });
  afterAll(() => ctx.dispose());

  it('sends a pattern to its subject behind the namespace and returns the answer', async () => {
    const sub = ctx.nc.subscribe(requestSubject(ctx.namespace, 'quota.defaults'), {
      callback: (_, msg) => {
        const { id } = msg.json<{ id: string }>();
        msg.respond(JSON.stringify({ id, response: { ok: true, value: { instances: 7 } }, isDisposed: true }));
      },
    });
    const c = client();
    try {
      expect(await c.defaults()).toEqual({ instances: 7 });
    } finally {
      sub.unsubscribe();
      await c.onApplicationShutdown();
    }
  });

  it('fails at once with QuotaUnavailableError when no quota app listens', async () => {
    const c = client(10_000);
    const started = Date.now();
    try {
      const error = await c.limits({ tenantId: 't' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QuotaUnavailableError);
      expect((error as Error).message).toBe('no quota service is listening for quota.limits');
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await c.onApplicationShutdown();
    }
  });

  it('gives up after its timeout when the quota app does not answer', async () => {
    const sub = ctx.nc.subscribe(requestSubject(ctx.namespace, 'quota.reserve'), { callback: () => undefined });
    await ctx.nc.flush();
    const c = client(300);
    try {
      const error = await c.reserve({ tenantId: 't', deltas: { instances: 1 }, correlationId: 'req-1' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QuotaUnavailableError);
      expect((error as Error).message).toBe('the quota service did not answer quota.reserve within 300 ms');
    } finally {
      sub.unsubscribe();
      await c.onApplicationShutdown();
    }
  });
});
