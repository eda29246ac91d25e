// The gateway's HTTP framework over real HTTP: versions and extensions in JSON and XML, format
// negotiation (suffix over Accept over JSON), request ids, and every fault path: unknown
// route, wrong method, wrong media type, malformed and mistyped bodies, DTDs, oversize bodies.

import { DEFAULT_TENANTS, startGateway, type Gateway } from './support/gateway';

const COMPUTE_NS = 'http://docs.openstack.org/compute/api/v1.1';
const demo = DEFAULT_TENANTS.demo;

describe('API framework', () => {
  let gw: Gateway;
  let token: string;

  beforeAll(async () => {
    gw = await startGateway({ BODY_LIMIT_BYTES: '65536' });
    token = await gw.token('demo');
  }, 120_000);
  afterAll(() => gw?.stop(), 30_000);

  describe('versions', () => {
    it('GET /v1.1 answers the version document in JSON by default', async () => {
      const r = await gw.call('GET', '/v1.1');
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      expect(r.json()).toEqual({
        version: {
          id: 'v1.1',
          links: [
            { href: `${gw.url}/v1.1/`, rel: 'self' },
            { href: 'http://docs.rackspacecloud.com/servers/api/v1.1/cs-devguide-20110125.pdf', rel: 'describedby', type: 'application/pdf' },
            { href: 'http://docs.rackspacecloud.com/servers/api/v1.1/application.wadl', rel: 'describedby', type: 'application/vnd.sun.wadl+xml' },
          ],
          'media-types': [
            { base: 'application/xml', type: 'application/vnd.openstack.compute-v1.1+xml' },
            { base: 'application/json', type: 'application/vnd.openstack.compute-v1.1+json' },
          ],
          status: 'CURRENT',
          updated: '2011-01-21T11:33:21Z',
        },
      });
    });

    it('answers XML for Accept: application/xml, with the namespace and atom links', async () => {
      const r = await gw.call('GET', '/v1.1/', { accept: 'application/xml' });
      expect(r.headers.get('content-type')).toMatch(/^application\/xml/);
      const { version } = r.xml();
      expect(version).toMatchObject({ id: 'v1.1', status: 'CURRENT', updated: '2011-01-21T11:33:21Z', xmlns: COMPUTE_NS, 'xmlns:atom': 'http://www.w3.org/2005/Atom' });
      expect(version['media-types']['media-type']).toHaveLength(2);
      expect(version['atom:link'][0]).toEqual({ href: `${gw.url}/v1.1/`, rel: 'self' });
    });

    it('lets a .json or .xml suffix win over the Accept header', async () => {
      expect((await gw.call('GET', '/v1.1.json', { accept: 'application/xml' })).json().version.id).toBe('v1.1');
      expect((await gw.call('GET', '/v1.1.xml', { accept: 'application/json' })).xml().version.id).toBe('v1.1');
    });

    it('GET / lists the versions', async () => {
      expect((await gw.call('GET', '/')).json()).toEqual({
        versions: [{ id: 'v1.1', status: 'CURRENT', updated: '2011-01-21T11:33:21Z', links: [{ href: `${gw.url}/v1.1/`, rel: 'self' }] }],
      });
      expect((await gw.call('GET', '/.xml')).xml().versions.version.id).toBe('v1.1');
    });
  });

  describe('extensions', () => {
    const aliases = ['os-keypairs', 'os-volumes', 'os-console-output', 'security_groups', 'os-floating-ips', 'os-instance-actions', 'os-quota-sets', 'os-behaviours'];

    it('lists the extensions (the spec\'s five, then os-instance-actions and os-quota-sets), in JSON and in XML', async () => {
      const json = (await gw.call('GET', `/v1.1/${demo}/extensions`, { token })).json();
      expect(json.extensions.map((e: { alias: string }) => e.alias)).toEqual(aliases);
      expect(json.extensions[0]).toEqual({
        alias: 'os-keypairs', description: 'Keypair Support', links: [], name: 'Keypairs',
        namespace: 'http://docs.openstack.org/ext/keypairs/api/v1.1', updated: '2011-08-08T00:00:00+00:00',
      });
      const xml = (await gw.call('GET', `/v1.1/${demo}/extensions.xml`, { token })).xml();
      expect(xml.extensions.extension.map((e: { alias: string }) => e.alias)).toEqual(aliases);
      expect(xml.extensions.extension[4]).toEqual({
        name: 'Floating_ips', namespace: 'http://docs.openstack.org/ext/floating_ips/api/v1.1', alias: 'os-floating-ips',
        updated: '2011-06-16T00:00:00+00:00', description: 'Floating IPs support',
      });
    });

    it('gets one by alias, and 404s an unknown alias', async () => {
      const one = await gw.call('GET', `/v1.1/${demo}/extensions/os-floating-ips`, { token });
      expect(one.json().extension).toMatchObject({ alias: 'os-floating-ips', name: 'Floating_ips' });
      const xml = await gw.call('GET', `/v1.1/${demo}/extensions/security_groups`, { token, accept: 'application/xml' });
      expect(xml.xml().extension).toMatchObject({ alias: 'security_groups', name: 'SecurityGroups', description: 'Security group support' });
      const missing = await gw.call('GET', `/v1.1/${demo}/extensions/os-nope`, { token });
      expect(missing.status).toBe(404);
      expect(missing.json()).toEqual({ itemNotFound: { code: 404, message: "Extension 'os-nope' not found." } });
    });
  });

  describe('faults', () => {
    it('carries a request id on every response, faults included', async () => {
      for (const r of [await gw.call('GET', '/v1.1'), await gw.call('GET', '/nowhere')]) {
        expect(r.headers.get('x-compute-request-id')).toMatch(/^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      }
    });

    it('404 itemNotFound for an unknown route, in JSON and XML', async () => {
      const r = await gw.call('GET', `/v1.1/${demo}/nothing-here`, { token });
      expect(r.status).toBe(404);
      expect(r.json()).toEqual({ itemNotFound: { code: 404, message: 'The resource could not be found.' } });
      const x = await gw.call('GET', `/v1.1/${demo}/nothing-here.xml`, { token });
      expect(x.xml()).toEqual({ '?xml': { version: '1.0', encoding: 'UTF-8' }, itemNotFound: { code: '404', xmlns: COMPUTE_NS, message: 'The resource could not be found.' } });
    });

    it('405 badMethod with Allow for a known route and a wrong method', async () => {
      const r = await gw.call('DELETE', `/v1.1/${demo}/extensions`, { token });
      expect(r.status).toBe(405);
      expect(r.headers.get('allow')).toBe('GET, HEAD');
      expect(r.json().badMethod.code).toBe(405);
      const x = await gw.call('PUT', '/v1.1.xml');
      expect(x.status).toBe(405);
      expect(x.xml().badMethod.code).toBe('405');
    });

    it('415 badMediaType for a body that is neither JSON nor XML', async () => {
      const r = await gw.call('POST', '/v2.0/tokens', { body: 'user=demo', contentType: 'application/x-www-form-urlencoded' });
      expect(r.status).toBe(415);
      expect(Object.keys(r.json())).toEqual(['badMediaType']);
      expect(r.json().badMediaType.code).toBe(415);
    });

    it('400 badRequest for malformed JSON and XML, never a 500', async () => {
      const json = await gw.call('POST', '/v2.0/tokens', { body: '{"auth": ', contentType: 'application/json' });
      expect(json.status).toBe(400);
      expect(json.json().badRequest.code).toBe(400);
      const xml = await gw.call('POST', '/v2.0/tokens', { body: '<auth><passwordCredentials></auth>', contentType: 'application/xml' });
      expect(xml.status).toBe(400);
      expect(xml.json().badRequest.message).toMatch(/malformed XML/);
    });

    it('400 naming the field for a wrongly typed body', async () => {
      const r = await gw.call('POST', '/v2.0/tokens', { body: { auth: { passwordCredentials: { username: 42, password: 'x' } } } });
      expect(r.status).toBe(400);
      expect(r.json().badRequest.message).toContain("'auth.passwordCredentials.username'");
      const missing = await gw.call('POST', '/v2.0/tokens', { body: { nope: {} } });
      expect(missing.status).toBe(400);
      expect(missing.json().badRequest.message).toContain("'auth'");
    });

    it('refuses a DTD or entity declaration (no XXE, no entity expansion)', async () => {
      const xxe = '<?xml version="1.0"?><!DOCTYPE auth [<!ENTITY x SYSTEM "file:///etc/passwd">]><auth tenantName="&x;"><passwordCredentials username="demo" password="demo"/></auth>';
      const r = await gw.call('POST', '/v2.0/tokens', { body: xxe, contentType: 'application/xml', accept: 'application/xml' });
      expect(r.status).toBe(400);
      expect(r.xml().badRequest.message).toBe('XML bodies may not declare a DTD or entities');
      const bomb = `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><auth>&lol2;</auth>`;
      expect((await gw.call('POST', '/v2.0/tokens', { body: bomb, contentType: 'text/xml' })).status).toBe(400);
    });

    it('413 overLimit for a body over the limit', async () => {
      const r = await gw.call('POST', '/v2.0/tokens', { body: JSON.stringify({ auth: { padding: 'x'.repeat(70_000) } }), contentType: 'application/json' });
      expect(r.status).toBe(413);
      expect(r.json().overLimit.code).toBe(413);
    });

    it('accepts a bodiless DELETE that still names a JSON Content-Type (as python-novaclient sends it)', async () => {
      const r = await gw.call('DELETE', `/v1.1/${demo}/extensions/os-keypairs`, { token, contentType: 'application/json' });
      expect(r.status).toBe(405);
    });
  });
});
