// The os-quota-sets extension over real HTTP, against the built gateway and quota app: only an
// administrator may read or change a tenant's quotas; GET, defaults and PUT in Nova's
// quota_set shape, JSON and XML; a PUT shows in the tenant's GET /limits and in the event log.

import { DEFAULT_TENANTS, startGateway, type Gateway } from './support/gateway';
import { waitFor } from '../harness/wait-for';

const { demo, alt, admin } = DEFAULT_TENANTS;
const FIELDS = [
  'instances', 'cores', 'ram', 'floating_ips', 'metadata_items', 'image_metadata_items',
  'injected_files', 'injected_file_content_bytes', 'security_groups', 'security_group_rules',
];
const SPEC_DEFAULTS = { instances: 20, ram: 102400, metadata_items: 50, image_metadata_items: 50, injected_files: 5, injected_file_content_bytes: 10240, security_groups: 10, security_group_rules: 20 };

describe('os-quota-sets', () => {
  let gw: Gateway;
  let adminToken: string;
  let demoToken: string;
  const base = `/v1.1/${admin}/os-quota-sets`;

  beforeAll(async () => {
    gw = await startGateway({}, { apps: ['quota'] });
    adminToken = await gw.token('admin');
    demoToken = await gw.token('demo');
  }, 120_000);
  afterAll(() => gw?.stop(), 60_000);

  it('is listed as an extension', async () => {
    const r = await gw.call('GET', `/v1.1/${demo}/extensions/os-quota-sets`, { token: demoToken });
    expect(r.json().extension).toMatchObject({ alias: 'os-quota-sets', name: 'Quotas', namespace: 'http://docs.openstack.org/compute/ext/quotas-sets/api/v1.1' });
  });

  it('is 403 for anyone but an administrator, whatever the call', async () => {
    for (const [method, path] of [['GET', `/v1.1/${demo}/os-quota-sets/${demo}`], ['GET', `/v1.1/${demo}/os-quota-sets/defaults`], ['GET', `/v1.1/${demo}/os-quota-sets/${demo}/defaults`], ['PUT', `/v1.1/${demo}/os-quota-sets/${demo}`]]) {
      const r = await gw.call(method, path, { token: demoToken, body: method === 'PUT' ? { quota_set: { instances: 100 } } : undefined });
      expect(r.status).toBe(403);
      expect(r.json().forbidden.code).toBe(403);
    }
    expect((await gw.call('GET', `/v1.1/${demo}/os-quota-sets/${demo}.xml`, { token: demoToken })).xml().forbidden.code).toBe('403');
  });

  it("shows a tenant's quota set, and the defaults, in Nova's shape", async () => {
    const r = await gw.call('GET', `${base}/${demo}`, { token: adminToken });
    expect(r.status).toBe(200);
    const set = r.json().quota_set;
    expect(Object.keys(set)).toEqual(['id', ...FIELDS]);
    expect(set).toMatchObject({ id: demo, ...SPEC_DEFAULTS });
    for (const f of FIELDS) expect(Number.isInteger(set[f])).toBe(true);
    const defaults = (await gw.call('GET', `${base}/defaults`, { token: adminToken })).json().quota_set;
    expect(defaults).toEqual({ ...set, id: 'defaults' });
    expect((await gw.call('GET', `${base}/${alt}/defaults`, { token: adminToken })).json().quota_set).toEqual({ ...set, id: alt });
  });

  it('answers XML: <quota_set id><instances>20</instances>...</quota_set>', async () => {
    const r = await gw.call('GET', `${base}/${demo}.xml`, { token: adminToken });
    expect(r.status).toBe(200);
    expect(r.text).toContain(`<quota_set id="${demo}" xmlns="http://docs.openstack.org/compute/api/v1.1"><instances>20</instances>`);
    const set = r.xml().quota_set;
    expect(set).toMatchObject({ id: demo, instances: '20', ram: '102400', security_group_rules: '20' });
  });

  it('changes limits with PUT: the answer, the tenant\'s /limits and the event log show it', async () => {
    const r = await gw.call('PUT', `${base}/${demo}`, { token: adminToken, body: { quota_set: { tenant_id: demo, instances: 7, cores: 9, image_metadata_items: 3 } } });
    expect(r.status).toBe(200);
    expect(r.json().quota_set).toMatchObject({ id: demo, instances: 7, cores: 9, image_metadata_items: 3, ram: 102400 });
    expect((await gw.call('GET', `${base}/${demo}`, { token: adminToken })).json().quota_set).toMatchObject({ instances: 7, cores: 9 });
    const absolute = await waitFor('the new limits in /limits', async () => {
      const l = (await gw.call('GET', `/v1.1/${demo}/limits`, { token: demoToken })).json().limits.absolute;
      return l.maxTotalInstances === 7 && l;
    });
    expect(absolute).toMatchObject({ maxTotalInstances: 7, maxTotalCores: 9, maxImageMeta: 3, maxTotalRAMSize: 102400 });
    const requestId = r.headers.get('x-compute-request-id');
    const events = await gw.database.query<{ type: string }>(`SELECT type FROM event_store.events WHERE metadata->>'correlationId' = $1`, [requestId]);
    expect(events.length).toBeGreaterThan(0);
    // Another tenant and the defaults are untouched.
    expect((await gw.call('GET', `${base}/${alt}`, { token: adminToken })).json().quota_set.instances).toBe(20);
    expect((await gw.call('GET', `${base}/defaults`, { token: adminToken })).json().quota_set.instances).toBe(20);
  });

  it('takes an XML body, values as text', async () => {
    const r = await gw.call('PUT', `${base}/${alt}.xml`, { token: adminToken, body: `<quota_set id="${alt}"><ram>4096</ram><floating_ips>2</floating_ips></quota_set>` });
    expect(r.status).toBe(200);
    expect(r.xml().quota_set).toMatchObject({ id: alt, ram: '4096', floating_ips: '2', instances: '20' });
  });

  it('is 400 naming the field for a bad value or an unknown resource, 404 for an unknown tenant', async () => {
    const put = (body: unknown, target: string = demo) => gw.call('PUT', `${base}/${target}`, { token: adminToken, body });
    const negative = await put({ quota_set: { instances: -2 } });
    expect(negative.status).toBe(400);
    expect(negative.json().badRequest.message).toBe("Invalid input for field 'quota_set.instances': must be -1 (unlimited) or an integer from 0 to 2147483647, got -2");
    expect((await put({ quota_set: { cores: 'many' } })).json().badRequest.message).toMatch(/'quota_set.cores'/);
    expect((await put({ quota_set: { volumes: 10 } })).json().badRequest.message).toMatch(/'quota_set.volumes': is not a quota resource/);
    expect((await put({ instances: 5 })).json().badRequest.message).toMatch(/'quota_set': is required/);
    expect((await put('<quota_set><cores>-3</cores></quota_set>')).status).toBe(400);
    const unknown = await put({ quota_set: { instances: 5 } }, '99999999999999');
    expect(unknown.status).toBe(404);
    expect(unknown.json().itemNotFound.message).toBe('Tenant 99999999999999 could not be found.');
    expect((await gw.call('GET', `${base}/nobody`, { token: adminToken })).status).toBe(404);
    expect((await gw.call('GET', `${base}/${demo}`, { token: adminToken })).json().quota_set.instances).toBe(7);
  });
});
