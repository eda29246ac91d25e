// GET /v1.1/{tenant_id}/limits over real HTTP, against the built gateway and quota app on one
// database: the spec's rate limits with the tenant's own remaining counts, the absolute limits
// from the quota app by their API names, in JSON and XML; 503 when the quota app is gone.
// The spec's limits refill fast (a GET every 20 ms), so exact counts down are checked with
// slower limits in rate-limit.e2e-spec.ts.

import { DEFAULT_TENANTS, startGateway, type Gateway } from './support/gateway';

const COMPUTE_NS = 'http://docs.openstack.org/compute/api/v1.1';
const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const { demo, alt } = DEFAULT_TENANTS;

/** The spec example's eight absolute limits, with its values (the quota app's defaults). */
const SPEC_ABSOLUTE = {
  maxImageMeta: 50, maxPersonality: 5, maxPersonalitySize: 10240, maxSecurityGroupRules: 20,
  maxSecurityGroups: 10, maxServerMeta: 50, maxTotalInstances: 20, maxTotalRAMSize: 102400,
};

interface RateJson {
  uri: string;
  regex: string;
  limit: { verb: string; value: number; remaining: number; unit: string; 'next-available': string }[];
}

describe('GET /limits', () => {
  let gw: Gateway;
  let token: string;

  const limits = async (tenant: string = demo, tok = token) => {
    const r = await gw.call('GET', `/v1.1/${tenant}/limits`, { token: tok });
    expect(r.status).toBe(200);
    return r.json().limits as { absolute: Record<string, number>; rate: RateJson[] };
  };
  const remaining = (rate: RateJson[], uri: string, verb: string) => rate.find((g) => g.uri === uri)!.limit.find((l) => l.verb === verb)!.remaining;

  beforeAll(async () => {
    gw = await startGateway({ RATE_LIMITS: '' }, { apps: ['quota'] });
    token = await gw.token('demo');
  }, 120_000);
  afterAll(() => gw?.stop(), 60_000);

  it('shows the spec rate limits, this request already counted, and the absolute limits', async () => {
    const { absolute, rate } = await limits();
    expect(rate.map((g) => ({ uri: g.uri, regex: g.regex, limits: g.limit.map((l) => [l.verb, l.value, l.unit]) }))).toEqual([
      { uri: '*', regex: '.*', limits: [['GET', 3000, 'MINUTE'], ['PUT', 10, 'MINUTE'], ['POST', 40, 'MINUTE'], ['DELETE', 60, 'MINUTE']] },
      { uri: '*changes-since*', regex: '.*changes-since.*', limits: [['GET', 200, 'MINUTE']] },
    ]);
    expect(remaining(rate, '*', 'GET')).toBeGreaterThanOrEqual(2999);
    expect([remaining(rate, '*', 'PUT'), remaining(rate, '*', 'POST'), remaining(rate, '*', 'DELETE'), remaining(rate, '*changes-since*', 'GET')]).toEqual([10, 40, 60, 200]);
    for (const l of rate.flatMap((g) => g.limit)) {
      expect(l['next-available']).toMatch(ISO_SECONDS);
      expect(Math.abs(Date.parse(l['next-available']) - Date.now())).toBeLessThan(5000);
    }
    expect(absolute).toMatchObject(SPEC_ABSOLUTE);
    expect(absolute).toMatchObject({ totalInstancesUsed: 0, totalCoresUsed: 0, totalRAMUsed: 0, totalFloatingIpsUsed: 0, totalSecurityGroupsUsed: 0 });
    expect(Number.isInteger(absolute.maxTotalCores)).toBe(true);
    expect(Number.isInteger(absolute.maxTotalFloatingIps)).toBe(true);
    expect(Object.keys(absolute).sort()).toEqual(Object.keys(absolute));
  });

  it('counts the tenant\'s requests per verb and pattern', async () => {
    for (let i = 0; i < 20; i++) await gw.call('GET', `/v1.1/${demo}/images?changes-since=2011-01-24T17:08Z`, { token });
    await gw.call('DELETE', `/v1.1/${demo}/os-keypairs/none`, { token });
    const { rate } = await limits();
    // Refills (one changes-since GET every 300 ms, one DELETE a second) can give a few back.
    expect(remaining(rate, '*changes-since*', 'GET')).toBeLessThan(200);
    expect(remaining(rate, '*', 'GET')).toBeLessThan(3000);
    expect(remaining(rate, '*', 'DELETE')).toBeLessThanOrEqual(60);
    expect(remaining(rate, '*', 'PUT')).toBe(10);
  });

  it('keeps each tenant its own counts; tokens and versions are not counted', async () => {
    const altToken = await gw.token('alt');
    await gw.call('GET', '/v1.1', {});
    await gw.call('POST', '/v2.0/tokens', { body: { auth: { passwordCredentials: { username: 'alt', password: 'alt' }, tenantName: 'alt' } } });
    const { rate } = await limits(alt, altToken);
    expect(remaining(rate, '*', 'GET')).toBeGreaterThanOrEqual(2999);
    expect(remaining(rate, '*changes-since*', 'GET')).toBe(200);
    expect(remaining(rate, '*', 'POST')).toBe(40);
  });

  it('answers XML as the spec example: rates of rate of limit, then absolute limits by name', async () => {
    const r = await gw.call('GET', `/v1.1/${demo}/limits.xml`, { token });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(r.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<limits xmlns="http:\/\/docs.openstack.org\/compute\/api\/v1.1"><rates><rate regex="\.\*" uri="\*"><limit next-available="/);
    const { limits: xml } = r.xml();
    expect(xml.xmlns).toBe(COMPUTE_NS);
    expect(xml['xmlns:atom']).toBeUndefined();
    const [all, polling] = xml.rates.rate;
    expect(all).toMatchObject({ regex: '.*', uri: '*' });
    expect(all.limit.map((l: Record<string, string>) => [l.verb, l.value, l.unit])).toEqual([['GET', '3000', 'MINUTE'], ['PUT', '10', 'MINUTE'], ['POST', '40', 'MINUTE'], ['DELETE', '60', 'MINUTE']]);
    expect(all.limit[0]['next-available']).toMatch(ISO_SECONDS);
    expect(Number(all.limit[0].remaining)).toBeLessThan(3000);
    expect(polling).toMatchObject({ regex: '.*changes-since.*', uri: '*changes-since*', limit: { verb: 'GET', value: '200', unit: 'MINUTE' } });
    const absolute = Object.fromEntries(xml.absolute.limit.map((l: { name: string; value: string }) => [l.name, Number(l.value)]));
    expect(absolute).toMatchObject(SPEC_ABSOLUTE);
    expect(xml.absolute.limit.slice(0, 8).map((l: { name: string }) => l.name)).toEqual([
      'maxServerMeta', 'maxPersonality', 'maxImageMeta', 'maxPersonalitySize', 'maxSecurityGroupRules', 'maxSecurityGroups', 'maxTotalInstances', 'maxTotalRAMSize',
    ]);
  });

  it('needs a token for the tenant', async () => {
    expect((await gw.call('GET', `/v1.1/${demo}/limits`)).status).toBe(401);
    expect((await gw.call('GET', `/v1.1/${alt}/limits`, { token })).status).toBe(400);
  });

  it('is 503 serviceUnavailable when no quota app answers', async () => {
    const quota = gw.apps.quota!;
    quota.signal('SIGTERM');
    await quota.exitWithin(15_000);
    const r = await gw.call('GET', `/v1.1/${demo}/limits`, { token });
    expect(r.status).toBe(503);
    expect(r.json().serviceUnavailable).toMatchObject({ code: 503, message: 'quota service unavailable' });
    const x = await gw.call('GET', `/v1.1/${demo}/limits.xml`, { token });
    expect(x.xml().serviceUnavailable).toMatchObject({ code: '503', message: 'quota service unavailable' });
  }, 30_000);
});
