// Images over real HTTP: the spec's public images on a new installation; list, detail and one
// image in JSON and XML; filters, paging and changes-since; snapshots (made here through the
// gateway's own ImageCatalog against its database, as no HTTP call creates one yet) visible
// to their tenant only; metadata in JSON and XML bodies; delete; and every fault path. Long
// because one gateway start (seconds) serves every endpoint in both formats.

import { Pool } from 'pg';
import { PgPoolDb, PostgresEventStore } from '@app/event-store';
import { ImageCatalog } from '../../apps/api-gateway/src/images/image-catalog.service';
import { PUBLIC_IMAGES } from '../../apps/api-gateway/src/images/public-images';
import { DEFAULT_TENANTS, startGateway, type Gateway } from './support/gateway';

const { demo, alt, admin } = DEFAULT_TENANTS;
const COMPUTE_NS = 'http://docs.openstack.org/compute/api/v1.1';
const SERVER = 'e5ac3d3c-cda3-4106-b60a-0a29b382fda2';
const OTHER_SERVER = '7d447c46-cdde-45b4-bdf6-6412a272ce32';

const CENTOS_METADATA = {
  architecture: 'x86_64', hp_image_builddate: '20120828', hp_image_id: 'e66bad1137c6d519fc5c6fb175e45b71', hp_image_type: 'disk', hp_image_version: '20120828',
  hp_md_version: '1', image_location: 'local', image_state: 'available', min_disk: 0, min_ram: 0, owner: null, project_id: 'None',
};

describe('images', () => {
  let gw: Gateway;
  let pool: Pool;
  let catalog: ImageCatalog;
  const tokens: Record<'demo' | 'alt' | 'admin', string> = { demo: '', alt: '', admin: '' };
  const tenantOf = { demo, alt, admin };
  type User = keyof typeof tokens;

  const call = (user: User, method: string, path: string, options: { body?: unknown; accept?: string } = {}) =>
    gw.call(method, `/v1.1/${tenantOf[user]}${path}`, { token: tokens[user], ...options });
  const links = (tenant: string, collection: string, id: string) => [
    { href: `${gw.url}/v1.1/${tenant}/${collection}/${id}`, rel: 'self' },
    { href: `${gw.url}/${tenant}/${collection}/${id}`, rel: 'bookmark' },
  ];
  const ids = async (user: User, query: string, path = '/images') => {
    const r = await call(user, 'GET', `${path}?${query}`);
    expect(r.status).toBe(200);
    return r.json().images.map((i: { id: string }) => i.id);
  };

  beforeAll(async () => {
    gw = await startGateway();
    for (const user of Object.keys(tokens) as User[]) tokens[user] = await gw.token(user);
    pool = new Pool({ connectionString: gw.database.url, max: 4 });
    const db = new PgPoolDb(pool);
    catalog = new ImageCatalog(db, new PostgresEventStore(db, { schema: 'event_store' }), 'api_gateway');
  }, 120_000);
  afterAll(async () => {
    await pool?.end();
    await gw?.stop();
  }, 30_000);

  describe('the public images of a new installation', () => {
    it('lists them newest first with id, name and links, as the spec (JSON)', async () => {
      const r = await call('demo', 'GET', '/images');
      expect(r.status).toBe(200);
      expect(r.json()).toEqual({
        images: [
          { id: '34971', links: links(demo, 'images', '34971'), name: 'CentOS 5.8 Server 64-bit 20120828' },
          { id: '120', links: links(demo, 'images', '120'), name: 'Ubuntu Precise 12.04 LTS Server 64-bit 20120424' },
        ],
      });
    });

    it('lists them in XML', async () => {
      const { images } = (await call('alt', 'GET', '/images.xml')).xml();
      expect(images.xmlns).toBe(COMPUTE_NS);
      expect(images.image).toEqual([
        { id: '34971', name: 'CentOS 5.8 Server 64-bit 20120828', 'atom:link': links(alt, 'images', '34971') },
        { id: '120', name: 'Ubuntu Precise 12.04 LTS Server 64-bit 20120424', 'atom:link': links(alt, 'images', '120') },
      ]);
    });

    it('details them exactly as the spec List Images Detail example (JSON)', async () => {
      const r = await call('alt', 'GET', '/images/detail');
      expect(r.json().images[0]).toEqual({
        created: '2012-09-04T16:45:17Z', id: '34971', links: links(alt, 'images', '34971'), metadata: CENTOS_METADATA,
        name: 'CentOS 5.8 Server 64-bit 20120828', progress: 100, status: 'ACTIVE', updated: '2012-09-04T16:45:22Z',
      });
      expect(r.json().images[1]).toMatchObject({ id: '120', created: '2012-05-07T04:54:46Z', updated: '2012-05-07T04:54:51Z', metadata: { architecture: 'amd64', hp_image_id: 'df4256e6c361380cb7613c74130feca9' } });
    });

    it('details them in XML, metadata as meta elements (null as None)', async () => {
      const r = await call('alt', 'GET', '/images/detail', { accept: 'application/xml' });
      const image = r.xml().images.image[0];
      expect(image).toMatchObject({ created: '2012-09-04T16:45:17Z', id: '34971', name: 'CentOS 5.8 Server 64-bit 20120828', progress: '100', status: 'ACTIVE', updated: '2012-09-04T16:45:22Z' });
      expect(image.metadata.meta).toContainEqual({ key: 'owner', '#text': 'None' });
      expect(image.metadata.meta).toContainEqual({ key: 'min_ram', '#text': '0' });
      expect(image['atom:link']).toEqual(links(alt, 'images', '34971'));
    });

    it('gets one by id or UUID, JSON and XML', async () => {
      const byId = await call('demo', 'GET', '/images/120');
      expect(byId.status).toBe(200);
      expect(byId.json().image).toMatchObject({ id: '120', name: 'Ubuntu Precise 12.04 LTS Server 64-bit 20120424', status: 'ACTIVE', progress: 100, links: links(demo, 'images', '120') });
      expect(byId.json().image.server).toBeUndefined();
      const byUuid = await call('demo', 'GET', `/images/${PUBLIC_IMAGES[1].uuid}`);
      expect(byUuid.json()).toEqual(byId.json());
      const xml = await call('demo', 'GET', '/images/120.xml');
      expect(xml.text).toContain('<image created="2012-05-07T04:54:46Z" id="120" name="Ubuntu Precise 12.04 LTS Server 64-bit 20120424" progress="100" status="ACTIVE" updated="2012-05-07T04:54:51Z" xmlns="http://docs.openstack.org/compute/api/v1.1" xmlns:atom="http://www.w3.org/2005/Atom">');
    });

    it('404s an unknown image, in JSON and XML', async () => {
      for (const ref of ['999999', 'nope', '00000000-0000-4000-8000-000000000000']) {
        const r = await call('demo', 'GET', `/images/${ref}`);
        expect(r.status).toBe(404);
        expect(r.json()).toEqual({ itemNotFound: { code: 404, message: 'Image not found.' } });
      }
      const x = await call('demo', 'GET', '/images/999999.xml');
      expect(x.xml().itemNotFound).toMatchObject({ code: '404', message: 'Image not found.' });
    });
  });

  describe('filters, paging and changes-since (tenant alt: public images only)', () => {
    it('filters by name and status', async () => {
      expect(await ids('alt', 'name=Ubuntu%20Precise%2012.04%20LTS%20Server%2064-bit%2020120424')).toEqual(['120']);
      expect(await ids('alt', 'name=nothing')).toEqual([]);
      expect(await ids('alt', 'status=ACTIVE')).toEqual(['34971', '120']);
      expect(await ids('alt', 'status=SAVING', '/images/detail')).toEqual([]);
    });

    it('pages newest first by limit and marker (id or UUID)', async () => {
      expect(await ids('alt', 'limit=1')).toEqual(['34971']);
      expect(await ids('alt', 'limit=1&marker=34971')).toEqual(['120']);
      expect(await ids('alt', `marker=${PUBLIC_IMAGES[0].uuid}`, '/images/detail')).toEqual(['120']);
      expect(await ids('alt', 'marker=120')).toEqual([]);
      expect(await ids('alt', 'limit=5000')).toEqual(['34971', '120']);
    });

    it('takes changes-since in the spec forms: Z, no zone (UTC), an explicit offset', async () => {
      expect(await ids('alt', 'changes-since=2012-09-04T16:45Z')).toEqual(['34971']);
      expect(await ids('alt', 'changes-since=2012-09-04T16:45:22')).toEqual(['34971']);
      expect(await ids('alt', 'changes-since=2012-09-04T16:45:23')).toEqual([]);
      expect(await ids('alt', 'changes-since=2012-09-04T18:45:00%2B02:00')).toEqual(['34971']);
      expect(await ids('alt', 'changes-since=2012-09-04T18:46:00+02:00')).toEqual([]);
      expect(await ids('alt', 'changes-since=2012-01-01T00:00Z', '/images/detail')).toEqual(['34971', '120']);
    });

    it('400s a bad status, type, server, changes-since, limit or marker, in JSON and XML', async () => {
      const bad = ['status=BUILDING', 'type=BASE', 'server=http://x/servers/42', 'changes-since=yesterday', 'changes-since=2012-13-01T00:00Z', 'limit=abc', 'limit=-1', 'marker=424242', 'marker=nope'];
      for (const query of bad) {
        const r = await call('alt', 'GET', `/images?${query}`);
        expect([query, r.status]).toEqual([query, 400]);
        expect(r.json().badRequest.code).toBe(400);
      }
      const x = await call('alt', 'GET', '/images/detail.xml?changes-since=soon');
      expect(x.status).toBe(400);
      expect(x.xml().badRequest.message).toContain('changes-since');
    });
  });

  describe('snapshots', () => {
    let saving: { uuid: string; id: string };
    let other: { uuid: string; id: string };

    beforeAll(async () => {
      const first = await catalog.beginSnapshot(demo, SERVER, 'image-1', { 'key-1': 'value-1' }, 'req-e2e-1');
      saving = { uuid: first.uuid, id: first.image.imageId };
      const second = await catalog.beginSnapshot(demo, OTHER_SERVER, 'image-2', {}, 'req-e2e-2');
      other = { uuid: second.uuid, id: second.image.imageId };
    });

    it('shows a SAVING snapshot to its tenant, linked to its server, newest first', async () => {
      expect(await ids('demo', '')).toEqual([other.id, saving.id, '34971', '120']);
      const r = await call('demo', 'GET', `/images/${saving.id}`);
      expect(r.status).toBe(200);
      expect(r.json().image).toMatchObject({
        id: saving.id, name: 'image-1', status: 'SAVING', progress: 25, metadata: { 'key-1': 'value-1' },
        server: { id: SERVER, links: links(demo, 'servers', SERVER) }, links: links(demo, 'images', saving.id),
      });
      const x = (await call('demo', 'GET', `/images/${saving.id}.xml`)).xml();
      expect(x.image.server).toEqual({ id: SERVER, 'atom:link': links(demo, 'servers', SERVER) });
      expect(x.image.metadata.meta).toEqual({ key: 'key-1', '#text': 'value-1' });
    });

    it('is not found for another tenant, by id or UUID, in any call', async () => {
      expect(await ids('alt', '')).toEqual(['34971', '120']);
      expect(await ids('alt', 'type=SNAPSHOT', '/images/detail')).toEqual([]);
      for (const ref of [saving.id, saving.uuid]) {
        expect((await call('alt', 'GET', `/images/${ref}`)).status).toBe(404);
        expect((await call('alt', 'GET', `/images/${ref}/metadata`)).status).toBe(404);
        expect((await call('alt', 'GET', `/images/${ref}/metadata/key-1`)).status).toBe(404);
        expect((await call('alt', 'PUT', `/images/${ref}/metadata/key-1`, { body: { meta: { 'key-1': 'x' } } })).status).toBe(404);
        expect((await call('alt', 'POST', `/images/${ref}/metadata`, { body: { metadata: { a: 'x' } } })).status).toBe(404);
        expect((await call('alt', 'DELETE', `/images/${ref}`)).status).toBe(404);
      }
      expect((await call('alt', 'GET', `/images?marker=${saving.id}`)).status).toBe(400);
      expect((await call('admin', 'GET', `/images/${saving.id}`)).status).toBe(404);
    });

    it('filters by type=SNAPSHOT, status and server (UUID or URL)', async () => {
      expect(await ids('demo', 'type=SNAPSHOT')).toEqual([other.id, saving.id]);
      expect(await ids('demo', 'status=SAVING')).toEqual([other.id, saving.id]);
      expect(await ids('demo', `server=${SERVER}`)).toEqual([saving.id]);
      expect(await ids('demo', `server=${encodeURIComponent(`${gw.url}/v1.1/${demo}/servers/${OTHER_SERVER}`)}`)).toEqual([other.id]);
      expect(await ids('demo', 'limit=1&marker=' + other.uuid)).toEqual([saving.id]);
    });

    it('turns ACTIVE when completed, ERROR when failed', async () => {
      await catalog.completeSnapshot(saving.uuid, 'req-e2e-3');
      await catalog.failSnapshot(other.uuid, 'disk full', 'req-e2e-4');
      expect((await call('demo', 'GET', `/images/${saving.id}`)).json().image).toMatchObject({ status: 'ACTIVE', progress: 100 });
      expect((await call('demo', 'GET', `/images/${other.uuid}`)).json().image).toMatchObject({ status: 'ERROR', progress: 0 });
      expect(await ids('demo', 'status=error')).toEqual([other.id]);
    });

    describe('metadata', () => {
      const path = () => `/images/${saving.id}/metadata`;

      it('lists it, JSON and XML (no atom namespace)', async () => {
        expect((await call('demo', 'GET', path())).json()).toEqual({ metadata: { 'key-1': 'value-1' } });
        const x = await call('demo', 'GET', `${path()}.xml`);
        expect(x.text).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<metadata xmlns="http://docs.openstack.org/compute/api/v1.1"><meta key="key-1">value-1</meta></metadata>');
      });

      it('merges on POST (200, the whole metadata back), from JSON and from XML', async () => {
        const r = await call('demo', 'POST', path(), { body: { metadata: { 'key-1': 'one', 'key-2': 'value-2' } } });
        expect(r.status).toBe(200);
        expect(r.json()).toEqual({ metadata: { 'key-1': 'one', 'key-2': 'value-2' } });
        const xmlBody = '<?xml version="1.0" ?><metadata xmlns="http://docs.openstack.org/compute/api/v1.1"><meta key="key-1">value-1</meta><meta key="key-3">value-3</meta></metadata>';
        const x = await call('demo', 'POST', path(), { body: xmlBody, accept: 'application/xml' });
        expect(x.status).toBe(200);
        expect(x.xml().metadata.meta).toEqual([
          { key: 'key-1', '#text': 'value-1' },
          { key: 'key-2', '#text': 'value-2' },
          { key: 'key-3', '#text': 'value-3' },
        ]);
      });

      it('replaces on PUT (200), from JSON and from XML', async () => {
        const r = await call('demo', 'PUT', path(), { body: { metadata: { 'key-2': 'value-2', 'key-1': 'value-1' } } });
        expect(r.status).toBe(200);
        expect(r.json()).toEqual({ metadata: { 'key-1': 'value-1', 'key-2': 'value-2' } });
        const xmlBody = '<?xml version="1.0" ?><metadata xmlns="http://docs.openstack.org/compute/api/v1.1"><meta key="key-9">value-9</meta></metadata>';
        const x = await call('demo', 'PUT', path(), { body: xmlBody });
        expect(x.json()).toEqual({ metadata: { 'key-9': 'value-9' } });
        expect((await call('demo', 'GET', `/images/${saving.id}`)).json().image.metadata).toEqual({ 'key-9': 'value-9' });
      });

      it('gets, sets and deletes one item, JSON and XML', async () => {
        const put = await call('demo', 'PUT', `${path()}/key-1`, { body: { meta: { 'key-1': 'value-1' } } });
        expect(put.status).toBe(200);
        expect(put.json()).toEqual({ meta: { 'key-1': 'value-1' } });
        const putXml = await call('demo', 'PUT', `${path()}/key-2`, { body: '<?xml version="1.0" ?><meta key="key-2" xmlns="http://docs.openstack.org/compute/api/v1.1">value-2</meta>', accept: 'application/xml' });
        expect(putXml.status).toBe(200);
        expect(putXml.text).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<meta key="key-2" xmlns="http://docs.openstack.org/compute/api/v1.1">value-2</meta>');
        expect((await call('demo', 'GET', `${path()}/key-1`)).json()).toEqual({ meta: { 'key-1': 'value-1' } });
        expect((await call('demo', 'GET', `${path()}/key-2.xml`)).xml().meta).toEqual({ key: 'key-2', xmlns: COMPUTE_NS, '#text': 'value-2' });
        const del = await call('demo', 'DELETE', `${path()}/key-9`);
        expect(del.status).toBe(204);
        expect(del.text).toBe('');
        expect((await call('demo', 'GET', path())).json()).toEqual({ metadata: { 'key-1': 'value-1', 'key-2': 'value-2' } });
      });

      it('404s an unknown key on get and delete', async () => {
        const get = await call('demo', 'GET', `${path()}/nope`);
        expect(get.status).toBe(404);
        expect(get.json()).toEqual({ itemNotFound: { code: 404, message: 'Metadata item was not found' } });
        expect((await call('demo', 'DELETE', `${path()}/nope`)).status).toBe(404);
        expect((await call('demo', 'DELETE', `${path()}/nope.xml`)).xml().itemNotFound.code).toBe('404');
      });

      it('400s a body whose key is not the URL key, or has several items, or a non-string value', async () => {
        const mismatch = await call('demo', 'PUT', `${path()}/key-1`, { body: { meta: { other: 'x' } } });
        expect(mismatch.status).toBe(400);
        expect(mismatch.json().badRequest.message).toBe('Request body and URI mismatch');
        const many = await call('demo', 'PUT', `${path()}/key-1`, { body: { meta: { 'key-1': 'x', b: 'y' } } });
        expect(many.json().badRequest.message).toBe('Request body contains too many items');
        const typed = await call('demo', 'POST', path(), { body: { metadata: { n: 1 } } });
        expect(typed.status).toBe(400);
        expect(typed.json().badRequest.message).toContain("'metadata.n'");
        for (const body of [{}, { metadata: 'x' }, { metadata: null }]) expect((await call('demo', 'PUT', path(), { body })).status).toBe(400);
        expect((await call('demo', 'PUT', `${path()}/key-1`, { body: {} })).status).toBe(400);
      });

      it('400s a key or value over 255 bytes, naming the key', async () => {
        const longKey = 'k'.repeat(256);
        const key = await call('demo', 'POST', path(), { body: { metadata: { [longKey]: 'v' } } });
        expect(key.status).toBe(400);
        expect(key.json().badRequest.message).toMatch(/Metadata key 'k+\.\.\.' is longer than 255 bytes/);
        const value = await call('demo', 'PUT', `${path()}/big`, { body: { meta: { big: 'é'.repeat(128) } } });
        expect(value.status).toBe(400);
        expect(value.json().badRequest.message).toBe("Metadata value of key 'big' is longer than 255 bytes");
        const xml = await call('demo', 'POST', path(), { body: `<metadata><meta key="${longKey}">v</meta></metadata>`, accept: 'application/xml' });
        expect(xml.status).toBe(400);
        expect(xml.xml().badRequest.code).toBe('400');
        expect((await call('demo', 'PUT', `${path()}/k`, { body: { meta: { k: 'v'.repeat(255) } } })).status).toBe(200);
        expect((await call('demo', 'DELETE', `${path()}/k`)).status).toBe(204);
      });

      it('413 overLimit past maxImageMeta (50 items) after the change, changing nothing', async () => {
        const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`m${String(i).padStart(2, '0')}`, 'v']));
        const over = await call('demo', 'POST', path(), { body: { metadata: fifty } });
        expect(over.status).toBe(413);
        expect(over.json().overLimit).toMatchObject({ code: 413, message: 'Image metadata limit exceeded' });
        const full = await call('demo', 'PUT', path(), { body: { metadata: fifty } });
        expect(full.status).toBe(200);
        const one = await call('demo', 'PUT', `${path()}/one-more`, { body: { meta: { 'one-more': 'x' } }, accept: 'application/xml' });
        expect(one.status).toBe(413);
        expect(one.xml().overLimit.code).toBe('413');
        expect((await call('demo', 'PUT', `${path()}/m00`, { body: { meta: { m00: 'changed' } } })).status).toBe(200);
        expect(Object.keys((await call('demo', 'GET', path())).json().metadata)).toHaveLength(50);
      });
    });

    it('deletes a snapshot: 204, then 404, and DELETED in a changes-since listing', async () => {
      const since = new Date(Date.now() - 60_000).toISOString();
      const r = await call('demo', 'DELETE', `/images/${other.id}`);
      expect(r.status).toBe(204);
      expect(r.text).toBe('');
      expect((await call('demo', 'GET', `/images/${other.id}`)).status).toBe(404);
      expect((await call('demo', 'GET', `/images/${other.uuid}/metadata`)).status).toBe(404);
      expect((await call('demo', 'DELETE', `/images/${other.id}`)).status).toBe(404);
      expect(await ids('demo', '')).toEqual([saving.id, '34971', '120']);
      const changed = (await call('demo', 'GET', `/images/detail?changes-since=${encodeURIComponent(since)}`)).json().images;
      expect(changed.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([
        [other.id, 'DELETED'],
        [saving.id, 'ACTIVE'],
      ]);
      expect(await ids('demo', `status=DELETED&changes-since=${encodeURIComponent(since)}`)).toEqual([other.id]);
    });
  });

  describe('public images are read-only but for an admin', () => {
    it('403s a metadata change or a delete by a tenant, and changes nothing', async () => {
      const attempts = [
        call('demo', 'POST', '/images/120/metadata', { body: { metadata: { a: 'b' } } }),
        call('demo', 'PUT', '/images/120/metadata', { body: { metadata: {} } }),
        call('demo', 'PUT', '/images/120/metadata/architecture', { body: { meta: { architecture: 'arm' } } }),
        call('demo', 'DELETE', '/images/120/metadata/architecture'),
        call('alt', 'DELETE', '/images/120'),
      ];
      for (const r of await Promise.all(attempts)) {
        expect(r.status).toBe(403);
        expect(r.json().forbidden.code).toBe(403);
      }
      expect((await call('demo', 'GET', '/images/120/metadata/architecture')).json()).toEqual({ meta: { architecture: 'amd64' } });
    });

    it('lets an admin change and delete one, which every tenant then sees', async () => {
      const set = await call('admin', 'PUT', '/images/34971/metadata/note', { body: { meta: { note: 'by admin' } } });
      expect(set.status).toBe(200);
      expect((await call('alt', 'GET', '/images/34971/metadata/note')).json()).toEqual({ meta: { note: 'by admin' } });
      expect((await call('admin', 'DELETE', '/images/34971')).status).toBe(204);
      expect((await call('alt', 'GET', '/images/34971')).status).toBe(404);
      expect(await ids('alt', '')).toEqual(['120']);
      const since = (await call('alt', 'GET', '/images/detail?changes-since=2012-01-01T00:00Z')).json().images;
      expect(since.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([
        ['34971', 'DELETED'],
        ['120', 'ACTIVE'],
      ]);
    });
  });
});
