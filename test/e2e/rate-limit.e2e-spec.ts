// Rate limiting over real HTTP with two gateway replicas on one database (and the quota app
// beside them): one tenant's budget is shared by both, a request over a limit is 413 overLimit
// with Retry-After and details naming the limit, a request that hits two limits takes from both
// or from neither, concurrent requests never get more than the limit, and the budget refills.

import { DEFAULT_TENANTS, startGateway, type ApiResponse, type Gateway } from './support/gateway';
import { waitFor } from '../harness/wait-for';

const { demo, alt } = DEFAULT_TENANTS;

/** Tiny limits, so a test reaches them in a few requests. */
const RATE_LIMITS = JSON.stringify([
  { verb: 'GET', uri: '*', value: 4, unit: 'MINUTE' },
  { verb: 'GET', uri: '*changes-since*', value: 1, unit: 'MINUTE' },
  { verb: 'POST', uri: '*', value: 5, unit: 'MINUTE' },
  { verb: 'DELETE', uri: '*', value: 1, unit: 'SECOND' },
]);

function expectOverLimit(r: ApiResponse, details: string, maxRetryAfter: number): void {
  expect(r.status).toBe(413);
  expect(r.json()).toEqual({ overLimit: { code: 413, message: 'This request was rate-limited.', details } });
  const retryAfter = Number(r.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxRetryAfter);
}

describe('rate limiting across two gateway replicas', () => {
  let a: Gateway;
  let b: Gateway;
  let token: string;

  beforeAll(async () => {
    a = await startGateway({ RATE_LIMITS }, { apps: ['quota'] });
    b = await startGateway({ RATE_LIMITS }, { replicaOf: a });
    token = await a.token('demo');
  }, 180_000);
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  }, 60_000);

  it('shares one GET budget between the replicas; a refused request takes from neither limit', async () => {
    const changes = `/v1.1/${demo}/images?changes-since=2011-01-24T17:08Z`;
    expect((await a.call('GET', changes, { token })).status).toBe(200);
    // The narrower limit refuses on the other replica, and the broad one is not charged for it.
    expectOverLimit(await b.call('GET', changes, { token }), 'Only 1 GET request(s) can be made to *changes-since* every minute.', 60);
    expect((await b.call('GET', `/v1.1/${demo}/flavors`, { token })).status).toBe(200);
    expect((await a.call('GET', `/v1.1/${demo}/flavors`, { token })).status).toBe(200);
    expect((await b.call('GET', `/v1.1/${demo}/flavors`, { token })).status).toBe(200);
    const over = await a.call('GET', `/v1.1/${demo}/flavors`, { token });
    expectOverLimit(over, 'Only 4 GET request(s) can be made to * every minute.', 15);
    const xml = await b.call('GET', `/v1.1/${demo}/flavors.xml`, { token });
    expect(xml.status).toBe(413);
    expect(xml.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(xml.xml().overLimit).toMatchObject({ code: '413', message: 'This request was rate-limited.', details: 'Only 4 GET request(s) can be made to * every minute.' });
  });

  it('keeps other tenants, other verbs and unauthenticated calls out of it', async () => {
    const altToken = await b.token('alt');
    expect((await b.call('GET', `/v1.1/${alt}/flavors`, { token: altToken })).status).toBe(200);
    expect((await a.call('DELETE', `/v1.1/${demo}/os-keypairs/none`, { token })).status).toBe(404);
    for (let i = 0; i < 6; i++) {
      expect((await a.call('GET', '/v1.1')).status).toBe(200);
      expect((await b.call('POST', '/v2.0/tokens', { body: { auth: { passwordCredentials: { username: 'demo', password: 'demo' }, tenantName: 'demo' } } })).status).toBe(200);
    }
    expect((await a.call('GET', `/v1.1/${demo}/flavors`)).status).toBe(401);
  });

  it('shows the shared counts in /limits on either replica', async () => {
    const altToken = await a.token('alt');
    expect((await a.call('GET', `/v1.1/${alt}/images?changes-since=2011-01-24T17:08Z`, { token: altToken })).status).toBe(200);
    const r = await b.call('GET', `/v1.1/${alt}/limits`, { token: altToken });
    expect(r.status).toBe(200);
    const [all, polling] = r.json().limits.rate;
    // alt: a GET /flavors, the changes-since poll and this call; the poll also took the narrower one.
    expect(all.limit.map((l: Record<string, unknown>) => [l.verb, l.value, l.remaining])).toEqual([['GET', 4, 1], ['POST', 5, 5], ['DELETE', 1, 1]]);
    expect(Math.abs(Date.parse(all.limit[0]['next-available']) - Date.now())).toBeLessThan(2000);
    expect(polling).toMatchObject({ uri: '*changes-since*', regex: '.*changes-since.*', limit: [{ verb: 'GET', value: 1, remaining: 0 }] });
    const wait = Date.parse(polling.limit[0]['next-available']) - Date.now();
    expect(wait).toBeGreaterThan(50_000);
    expect(wait).toBeLessThanOrEqual(61_000);
    // demo is out of GETs, so its /limits is refused too, and says until when.
    expectOverLimit(await a.call('GET', `/v1.1/${demo}/limits`, { token }), 'Only 4 GET request(s) can be made to * every minute.', 15);
  });

  it('never admits more than the limit to concurrent requests spread over both replicas', async () => {
    const requests = Array.from({ length: 14 }, (_, i) =>
      (i % 2 === 0 ? a : b).call('POST', `/v1.1/${demo}/os-keypairs`, { token, body: { keypair: {} } }),
    );
    const statuses = (await Promise.all(requests)).map((r) => r.status);
    expect(statuses.filter((s) => s === 400)).toHaveLength(5);
    expect(statuses.filter((s) => s === 413)).toHaveLength(9);
  });

  it('refills: after Retry-After the next request is admitted', async () => {
    const first = await b.call('DELETE', `/v1.1/${demo}/os-keypairs/none`, { token });
    const second = first.status === 413 ? first : await a.call('DELETE', `/v1.1/${demo}/os-keypairs/none`, { token });
    expectOverLimit(second, 'Only 1 DELETE request(s) can be made to * every second.', 1);
    const admitted = await waitFor('a DELETE to be admitted again', async () => {
      const r = await a.call('DELETE', `/v1.1/${demo}/os-keypairs/none`, { token });
      return r.status !== 413 && r;
    }, { timeoutMs: 5000, intervalMs: 250 });
    expect(admitted.status).toBe(404);
  });
});
