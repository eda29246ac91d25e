// Identity over real HTTP: Keystone v2.0 tokens in JSON and XML, the service catalog pointing
// at this gateway, token scoping across the two default tenants, and revoked, expired and
// unknown tokens refused.

import { waitFor } from '../harness/wait-for';
import { DEFAULT_TENANTS, startGateway, type Gateway } from './support/gateway';

const { demo, alt, admin } = DEFAULT_TENANTS;

describe('identity', () => {
  let gw: Gateway;

  beforeAll(async () => {
    gw = await startGateway();
  }, 120_000);
  afterAll(() => gw?.stop(), 30_000);

  const credentials = (username: string, password: string, scope: Record<string, string> = {}) => ({ auth: { passwordCredentials: { username, password }, ...scope } });

  it('issues a token with a 24 h expiry, the user and a catalog whose publicURL works', async () => {
    const r = await gw.call('POST', '/v2.0/tokens', { body: credentials('demo', 'demo', { tenantName: 'demo' }) });
    expect(r.status).toBe(200);
    const { access } = r.json();
    expect(access.token.id).toMatch(/^HPAuth_[0-9a-f]{64}$/);
    expect(access.token.tenant).toEqual({ id: demo, name: 'demo' });
    const ttl = Date.parse(access.token.expires) - Date.parse(access.token.issued_at);
    expect(ttl).toBe(24 * 3600 * 1000);
    expect(access.user).toMatchObject({ id: '20000000000001', name: 'demo', roles: [{ name: 'member' }] });
    expect(access.serviceCatalog).toEqual([
      {
        name: 'Compute', type: 'compute', endpoints_links: [],
        endpoints: [{ publicURL: `${gw.url}/v1.1/${demo}`, region: 'az-1.region-a.geo-1', tenantId: demo, versionId: '1.1', versionInfo: `${gw.url}/v1.1/`, versionList: gw.url }],
      },
    ]);
    // A client that follows spec section 3: token, catalog, then the publicURL.
    const publicUrl: string = access.serviceCatalog[0].endpoints[0].publicURL;
    const extensions = await fetch(`${publicUrl}/extensions`, { headers: { 'X-Auth-Token': access.token.id } });
    expect(extensions.status).toBe(200);
  });

  it('scopes by tenantId too, and by the first tenant when none is named', async () => {
    const byId = await gw.call('POST', '/v2.0/tokens', { body: credentials('alt', 'alt', { tenantId: alt }) });
    expect(byId.json().access.token.tenant).toEqual({ id: alt, name: 'alt' });
    const unscoped = await gw.call('POST', '/v2.0/tokens', { body: credentials('admin', 'admin') });
    expect(unscoped.json().access.token.tenant.id).toBe(admin);
    expect(unscoped.json().access.user.roles).toEqual([{ name: 'admin' }, { name: 'member' }]);
  });

  it('answers in XML to an XML request', async () => {
    const body = '<?xml version="1.0" encoding="UTF-8"?><auth xmlns="http://docs.openstack.org/identity/api/v2.0" tenantName="demo"><passwordCredentials username="demo" password="demo"/></auth>';
    const r = await gw.call('POST', '/v2.0/tokens', { body, accept: 'application/xml' });
    expect(r.status).toBe(200);
    const { access } = r.xml();
    expect(access.xmlns).toBe('http://docs.openstack.org/identity/api/v2.0');
    expect(access.token.id).toMatch(/^HPAuth_/);
    expect(access.token.tenant).toEqual({ id: demo, name: 'demo' });
    expect(access.serviceCatalog.service).toMatchObject({ type: 'compute', name: 'Compute', endpoint: { publicURL: `${gw.url}/v1.1/${demo}` } });
  });

  it('refuses a wrong password, an unknown user and a tenant the user is not in', async () => {
    for (const body of [credentials('demo', 'nope'), credentials('nobody', 'x'), credentials('demo', 'demo', { tenantName: 'alt' })]) {
      const r = await gw.call('POST', '/v2.0/tokens', { body });
      expect(r.status).toBe(401);
      expect(Object.keys(r.json())).toEqual(['unauthorized']);
    }
  });

  it("keeps each token to its tenant: demo's token cannot reach alt's URL", async () => {
    const demoToken = await gw.token('demo');
    const altToken = await gw.token('alt');
    expect((await gw.call('GET', `/v1.1/${demo}/extensions`, { token: demoToken })).status).toBe(200);
    expect((await gw.call('GET', `/v1.1/${alt}/extensions`, { token: altToken })).status).toBe(200);
    const crossed = await gw.call('GET', `/v1.1/${alt}/extensions`, { token: demoToken });
    expect(crossed.status).toBe(400);
    expect(crossed.json().badRequest.message).toBe(`Malformed request URL: URL's project_id '${alt}' doesn't match Context's project_id '${demo}'`);
  });

  it('refuses a call without a token, or with an unknown one (401)', async () => {
    const none = await gw.call('GET', `/v1.1/${demo}/extensions`);
    expect(none.status).toBe(401);
    expect(none.json().unauthorized.code).toBe(401);
    const unknown = await gw.call('GET', `/v1.1/${demo}/extensions.xml`, { token: `HPAuth_${'0'.repeat(64)}` });
    expect(unknown.status).toBe(401);
    expect(unknown.xml().unauthorized.code).toBe('401');
  });

  it('refuses an expired token', async () => {
    const token = (await gw.call('POST', '/v2.0/tokens', { body: credentials('demo', 'demo') })).json().access.token.id;
    expect((await gw.call('GET', `/v1.1/${demo}/extensions`, { token })).status).toBe(200);
    await gw.database.query(`UPDATE api_gateway.tokens SET expires_at = now() - interval '1 second' WHERE revoked_at IS NULL AND expires_at > now() + interval '23 hours' AND issued_at = (SELECT max(issued_at) FROM api_gateway.tokens)`);
    // The gateway trusts a token it verified for up to 5 s (token.service.ts); an expiry made
    // behind its back, as here, shows within that window.
    await waitFor('the expired token to be refused', async () => (await gw.call('GET', `/v1.1/${demo}/extensions`, { token })).status === 401, { timeoutMs: 8000, intervalMs: 250 });
  }, 20_000);

  it('revokes a token (by its owner; another user needs the admin role)', async () => {
    const mine = (await gw.call('POST', '/v2.0/tokens', { body: credentials('demo', 'demo') })).json().access.token.id;
    const other = (await gw.call('POST', '/v2.0/tokens', { body: credentials('alt', 'alt') })).json().access.token.id;
    expect((await gw.call('DELETE', `/v2.0/tokens/${other}`, { token: mine })).status).toBe(403);
    expect((await gw.call('DELETE', `/v2.0/tokens/${mine}`, { token: mine })).status).toBe(204);
    expect((await gw.call('GET', `/v1.1/${demo}/extensions`, { token: mine })).status).toBe(401);
    const adminToken = await gw.token('admin');
    expect((await gw.call('DELETE', `/v2.0/tokens/${other}`, { token: adminToken })).status).toBe(204);
    expect((await gw.call('GET', `/v1.1/${alt}/extensions`, { token: other })).status).toBe(401);
  });

  it('stores tokens and passwords only as hashes', async () => {
    const token = await gw.token('demo');
    const rows = await gw.database.query<{ token_hash: string }>('SELECT token_hash FROM api_gateway.tokens');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });
});
