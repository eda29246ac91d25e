// Flavors over real HTTP: the six standard flavors on a new installation, list, detail and
// one flavor in JSON and XML as the spec's examples, minRam/minDisk filters, paging by id,
// and the fault paths.

import { DEFAULT_TENANTS, startGateway, type Gateway } from './support/gateway';

const demo = DEFAULT_TENANTS.demo;
const COMPUTE_NS = 'http://docs.openstack.org/compute/api/v1.1';

const STANDARD = [
  { id: 100, name: 'standard.xsmall', ram: 1024, disk: 30, vcpus: 1 },
  { id: 101, name: 'standard.small', ram: 2048, disk: 60, vcpus: 2 },
  { id: 102, name: 'standard.medium', ram: 4096, disk: 120, vcpus: 2 },
  { id: 103, name: 'standard.large', ram: 8192, disk: 240, vcpus: 4 },
  { id: 104, name: 'standard.xlarge', ram: 16384, disk: 480, vcpus: 4 },
  { id: 105, name: 'standard.2xlarge', ram: 32768, disk: 960, vcpus: 8 },
];

describe('flavors', () => {
  let gw: Gateway;
  let token: string;
  const links = (id: number) => [
    { href: `${gw.url}/v1.1/${demo}/flavors/${id}`, rel: 'self' },
    { href: `${gw.url}/${demo}/flavors/${id}`, rel: 'bookmark' },
  ];
  const get = (path: string, accept?: string) => gw.call('GET', `/v1.1/${demo}${path}`, { token, accept });

  beforeAll(async () => {
    gw = await startGateway();
    token = await gw.token('demo');
  }, 120_000);
  afterAll(() => gw?.stop(), 30_000);

  it('lists the six standard flavors by id with id, name and links (JSON)', async () => {
    const r = await get('/flavors');
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ flavors: STANDARD.map((f) => ({ id: f.id, links: links(f.id), name: f.name })) });
  });

  it('lists them in XML with atom links', async () => {
    const r = await get('/flavors', 'application/xml');
    expect(r.headers.get('content-type')).toMatch(/^application\/xml/);
    const { flavors } = r.xml();
    expect(flavors.xmlns).toBe(COMPUTE_NS);
    expect(flavors['xmlns:atom']).toBe('http://www.w3.org/2005/Atom');
    expect(flavors.flavor).toHaveLength(6);
    expect(flavors.flavor[0]).toEqual({ id: '100', name: 'standard.xsmall', 'atom:link': links(100).map((l) => ({ href: l.href, rel: l.rel })) });
  });

  it('lists every field of every flavor in /flavors/detail, JSON and XML', async () => {
    const json = (await get('/flavors/detail')).json();
    expect(json.flavors).toEqual(STANDARD.map((f) => ({ ...f, links: links(f.id), swap: 0, rxtx_quota: 0, rxtx_cap: 0 })));
    const xml = (await get('/flavors/detail.xml')).xml();
    expect(xml.flavors.flavor[5]).toMatchObject({ id: '105', name: 'standard.2xlarge', ram: '32768', disk: '960', vcpus: '8', swap: '0', rxtx_quota: '0', rxtx_cap: '0' });
  });

  it('gets one flavor as the spec example, JSON and XML', async () => {
    const r = await get('/flavors/104');
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ flavor: { disk: 480, id: 104, links: links(104), name: 'standard.xlarge', ram: 16384, rxtx_cap: 0, rxtx_quota: 0, swap: 0, vcpus: 4 } });
    const x = await get('/flavors/104.xml');
    expect(x.text).toContain('<flavor disk="480" id="104" name="standard.xlarge" ram="16384" rxtx_cap="0" rxtx_quota="0" swap="0" vcpus="4" xmlns="http://docs.openstack.org/compute/api/v1.1" xmlns:atom="http://www.w3.org/2005/Atom">');
    expect(x.xml().flavor['atom:link']).toEqual(links(104));
  });

  it('filters by minRam and minDisk (at least), on both lists', async () => {
    const ids = async (query: string, path = '/flavors') => (await get(`${path}?${query}`)).json().flavors.map((f: { id: number }) => f.id);
    expect(await ids('minRam=4096')).toEqual([102, 103, 104, 105]);
    expect(await ids('minDisk=480')).toEqual([104, 105]);
    expect(await ids('minRam=2048&minDisk=200', '/flavors/detail')).toEqual([103, 104, 105]);
    expect(await ids('minRam=999999')).toEqual([]);
  });

  it('pages with limit and marker, sorted by id', async () => {
    const page = async (query: string) => (await get(`/flavors?${query}`)).json().flavors.map((f: { id: number }) => f.id);
    expect(await page('limit=2')).toEqual([100, 101]);
    expect(await page('limit=2&marker=101')).toEqual([102, 103]);
    expect(await page('marker=104')).toEqual([105]);
    expect(await page('limit=2&marker=101&minRam=8192')).toEqual([103, 104]);
  });

  it('400s a bad filter, limit or marker, naming it, in JSON and XML', async () => {
    const minRam = await get('/flavors?minRam=lots');
    expect(minRam.status).toBe(400);
    expect(minRam.json().badRequest.message).toContain('minRam');
    const minDisk = await get('/flavors/detail.xml?minDisk=1.5');
    expect(minDisk.status).toBe(400);
    expect(minDisk.xml().badRequest.message).toContain('minDisk');
    for (const query of ['limit=abc', 'limit=-1', 'marker=999', 'marker=nope']) {
      const r = await get(`/flavors?${query}`);
      expect(r.status).toBe(400);
      expect(r.json().badRequest.code).toBe(400);
    }
  });

  it('404s an unknown flavor, in JSON and XML', async () => {
    const r = await get('/flavors/999');
    expect(r.status).toBe(404);
    expect(r.json()).toEqual({ itemNotFound: { code: 404, message: 'Flavor 999 could not be found.' } });
    const x = await get('/flavors/standard.small', 'application/xml');
    expect(x.status).toBe(404);
    expect(x.xml().itemNotFound.code).toBe('404');
  });

  it('needs a token', async () => {
    expect((await gw.call('GET', `/v1.1/${demo}/flavors`)).status).toBe(401);
  });
});
