// Keypairs (os-keypairs) over real HTTP: generate and import, list, get and delete in JSON and
// XML; every fault (bad name, bad key, taken name, unknown keypair); keypairs private to one
// user in one tenant (demo, alt, admin, and a second user of demo's tenant); two racing creates
// of one name; the events written; and the keypairs table rebuilt from the log by replay.
// One file past 300 lines on purpose: one gateway start serves every case of the extension.

import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import sshpk from 'sshpk';
import { PgPoolDb, PostgresEventStore, replayProjection } from '@app/event-store';
import { hashPassword } from '../../apps/api-gateway/src/identity/password-hash';
import { keypairProjection } from '../../apps/api-gateway/src/keypairs/keypair.projection';
import { DEFAULT_TENANTS, startGateway, type ApiResponse, type Gateway } from './support/gateway';

const { demo, alt, admin } = DEFAULT_TENANTS;
const DEMO_USER = '20000000000001';
const PEER_USER = '20000000000009';
const COMPUTE_NS = 'http://docs.openstack.org/compute/api/v1.1';
const FINGERPRINT = /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/;

/** keypair-1 of the spec's Get Keypair example (4.4.19.1), and its documented fingerprint. */
const SPEC_KEY =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQChJO5vnbzIRU45LFdm5ohdFtIDQo1jPB1xSnWu2vJtyw5wGFjoclpuFLstPMRDixloNTh36ff3XnW6Nb4CTpm5Vwz0V6Im2q56vTbS246Lw0+3fDSrnmwFkuJ7rqI5AKZkN4zJg/iJdsuJ768K7yVzwMHP/FWy6bUdRZm5ETjM2w== \n';
const SPEC_FINGERPRINT = 'd3:e3:5f:26:dc:30:fc:04:57:91:ba:c0:1c:f8:8d:cd';
/** keypair-2 of the spec's list example. */
const SPEC_KEY_2 =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDZcOCJGRF2REub4+j5Y6LnF7Lk4xyvpdeqAEZYRJe8lC0YOhkF9PxOAQnSgRuAvcmFiff9E1Dt9yLCSlU40zRClLEMwchG4S51y4JI/mbMwppWKYxgPnIa9rHSIccEtZbhBU1MkwpUHeRcZE+b60y5xXiYSmVacmtwDZ89qf6TvQ==';
const SPEC_FINGERPRINT_2 = '76:e3:b7:ca:95:91:fb:86:f7:fe:5d:d4:11:4d:77:65';

const asArray = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

describe('keypairs (os-keypairs)', () => {
  let gw: Gateway;
  let token: string;
  let identityFile: string;
  const path = (tenant: string, rest = '') => `/v1.1/${tenant}/os-keypairs${rest}`;
  const demoCall = (method: string, rest = '', options: Parameters<Gateway['call']>[2] = {}) => gw.call(method, path(demo, rest), { token, ...options });
  const generate = (name: string, t: string = token, tenant: string = demo) => gw.call('POST', path(tenant), { token: t, body: { keypair: { name } } });
  const importKey = (name: string, publicKey: string, t: string = token, tenant: string = demo) =>
    gw.call('POST', path(tenant), { token: t, body: { keypair: { name, public_key: publicKey } } });
  const fault = (r: ApiResponse, status: number, element: string) => {
    expect(r.status).toBe(status);
    const body = r.json();
    expect(Object.keys(body)).toEqual([element]);
    expect(body[element].code).toBe(status);
    return body[element].message as string;
  };

  /** A second user in demo's tenant, to show keypairs are per user, not per tenant. */
  async function identityFileWithPeer(): Promise<string> {
    const file = JSON.parse(readFileSync(join(__dirname, '..', '..', 'config', 'identity.default.json'), 'utf8'));
    file.users.push({ id: PEER_USER, name: 'peer', passwordHash: await hashPassword('peer'), tenants: ['demo'], roles: ['member'] });
    const target = join(tmpdir(), `keypairs-identity-${process.pid}-${Date.now()}.json`);
    writeFileSync(target, JSON.stringify(file));
    return target;
  }

  async function peerToken(): Promise<string> {
    const r = await gw.call('POST', '/v2.0/tokens', { body: { auth: { passwordCredentials: { username: 'peer', password: 'peer' }, tenantName: 'demo' } } });
    expect(r.status).toBe(200);
    return r.json().access.token.id;
  }

  beforeAll(async () => {
    identityFile = await identityFileWithPeer();
    gw = await startGateway({ IDENTITY_FILE: identityFile });
    token = await gw.token('demo');
  }, 120_000);
  afterAll(async () => {
    await gw?.stop();
    rmSync(identityFile, { force: true });
  }, 30_000);

  describe('in JSON', () => {
    it('generates an RSA 2048 pair: PEM private key, OpenSSH public key, MD5 fingerprint, user_id', async () => {
      const r = await generate('keypair-1');
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      const { keypair } = r.json();
      expect(Object.keys(keypair)).toEqual(['fingerprint', 'name', 'private_key', 'public_key', 'user_id']);
      expect(keypair).toMatchObject({ name: 'keypair-1', user_id: DEMO_USER });
      expect(keypair.private_key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END RSA PRIVATE KEY-----\n$/);
      expect(keypair.public_key).toMatch(/^ssh-rsa AAAAB3NzaC1yc2E[A-Za-z0-9+/=]+ Generated-by-Nova\n$/);
      expect(keypair.fingerprint).toMatch(FINGERPRINT);
      // The public key and the fingerprint are those of the private key handed out.
      const derived = sshpk.parseKey(createPublicKey(createPrivateKey(keypair.private_key)).export({ type: 'spki', format: 'pem' }), 'pem');
      expect(derived.size).toBe(2048);
      expect(derived.fingerprint('md5').toString('hex')).toBe(keypair.fingerprint);
      expect(sshpk.parseKey(keypair.public_key, 'ssh').fingerprint('md5').toString('hex')).toBe(keypair.fingerprint);

      const got = await demoCall('GET', '/keypair-1');
      expect(got.status).toBe(200);
      expect(got.json()).toEqual({ keypair: { fingerprint: keypair.fingerprint, name: 'keypair-1', public_key: keypair.public_key } });
    });

    it("imports the spec's keypair-1 key with its documented fingerprint, and no private key", async () => {
      const r = await importKey('spec-key', SPEC_KEY);
      expect(r.status).toBe(200);
      expect(r.json()).toEqual({ keypair: { fingerprint: SPEC_FINGERPRINT, name: 'spec-key', public_key: SPEC_KEY, user_id: DEMO_USER } });
      expect((await demoCall('GET', '/spec-key')).json()).toEqual({ keypair: { fingerprint: SPEC_FINGERPRINT, name: 'spec-key', public_key: SPEC_KEY } });
    });

    it('lists the caller\'s keypairs, each in its own "keypair" wrapper, oldest first', async () => {
      await importKey('hochmuth.pub', SPEC_KEY_2);
      const r = await demoCall('GET');
      expect(r.status).toBe(200);
      const { keypairs } = r.json();
      expect(keypairs.map((k: { keypair: { name: string } }) => k.keypair.name).slice(0, 3)).toEqual(['keypair-1', 'spec-key', 'hochmuth.pub']);
      expect(keypairs[2]).toEqual({ keypair: { fingerprint: SPEC_FINGERPRINT_2, name: 'hochmuth.pub', public_key: SPEC_KEY_2 } });
      for (const k of keypairs) expect(Object.keys(k.keypair)).toEqual(['fingerprint', 'name', 'public_key']);
    });

    it('deletes with 202 and no body; the name is then free again', async () => {
      const first = (await generate('again')).json().keypair.fingerprint;
      const del = await demoCall('DELETE', '/again');
      expect(del.status).toBe(202);
      expect(del.text).toBe('');
      fault(await demoCall('GET', '/again'), 404, 'itemNotFound');
      expect((await demoCall('GET')).json().keypairs.some((k: { keypair: { name: string } }) => k.keypair.name === 'again')).toBe(false);
      const second = await generate('again');
      expect(second.status).toBe(200);
      expect(second.json().keypair.fingerprint).not.toBe(first);
      const reimported = [await demoCall('DELETE', '/again'), await importKey('again', SPEC_KEY)];
      expect(reimported.map((x) => x.status)).toEqual([202, 200]);
    });

    it('takes names with spaces, dots and a format suffix (reached with a second suffix)', async () => {
      expect((await importKey('my key', SPEC_KEY)).status).toBe(200);
      expect((await demoCall('GET', '/my%20key')).json().keypair.name).toBe('my key');
      expect((await importKey('key.json', SPEC_KEY)).status).toBe(200);
      expect((await demoCall('GET', '/key.json.json')).json().keypair.name).toBe('key.json');
      expect((await demoCall('GET', '/key.json.xml')).xml().keypair.name).toBe('key.json');
    });
  });

  describe('in XML', () => {
    const xmlCall = (method: string, rest = '', body?: string) => demoCall(method, rest, { body, accept: 'application/xml' });

    it("generates from the spec's request body and answers as the spec's example", async () => {
      const body = '<?xml version="1.0" ?>\n<keypair>\n    <name>xml-generated</name>\n</keypair>';
      const r = await xmlCall('POST', '', body);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^application\/xml/);
      expect(r.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<keypair xmlns="http:\/\/docs.openstack.org\/compute\/api\/v1.1"><public_key>ssh-rsa /);
      expect(r.text).toMatch(/<\/public_key><private_key>[^<]+<\/private_key><user_id>\d+<\/user_id><name>xml-generated<\/name><fingerprint>[0-9a-f:]+<\/fingerprint><\/keypair>$/);
      const { keypair } = r.xml();
      expect(keypair).toMatchObject({ xmlns: COMPUTE_NS, user_id: DEMO_USER, name: 'xml-generated' });
      expect(keypair.private_key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+-----END RSA PRIVATE KEY-----$/);
      expect(keypair.public_key).toMatch(/^ssh-rsa AAAA[A-Za-z0-9+/=]+ Generated-by-Nova$/);
      expect(keypair.fingerprint).toMatch(FINGERPRINT);
    });

    it('imports with the name as an attribute and the key as a child element', async () => {
      const r = await xmlCall('POST', '', `<keypair xmlns="${COMPUTE_NS}" name="xml-imported"><public_key>${SPEC_KEY}</public_key></keypair>`);
      expect(r.status).toBe(200);
      const { keypair } = r.xml();
      expect(keypair).toEqual({ public_key: SPEC_KEY.trim(), user_id: DEMO_USER, name: 'xml-imported', fingerprint: SPEC_FINGERPRINT, xmlns: COMPUTE_NS });
      expect(r.text).not.toContain('private_key');
    });

    it('gets and lists, with the list nesting keypair in keypair', async () => {
      const got = await xmlCall('GET', '/xml-imported');
      expect(got.status).toBe(200);
      expect(got.xml().keypair).toEqual({ public_key: SPEC_KEY.trim(), name: 'xml-imported', fingerprint: SPEC_FINGERPRINT, xmlns: COMPUTE_NS });
      const list = await demoCall('GET', '.xml');
      expect(list.status).toBe(200);
      const { keypairs } = list.xml();
      expect(keypairs.xmlns).toBe(COMPUTE_NS);
      expect(keypairs['xmlns:atom']).toBeUndefined();
      const entries = asArray(keypairs.keypair).map((k: { keypair: { name: string } }) => k.keypair);
      expect(entries.find((k: { name: string }) => k.name === 'xml-imported')).toEqual({ public_key: SPEC_KEY.trim(), name: 'xml-imported', fingerprint: SPEC_FINGERPRINT });
    });

    it('deletes with 202, and answers faults in XML', async () => {
      expect((await xmlCall('DELETE', '/xml-imported')).status).toBe(202);
      const missing = await xmlCall('GET', '/xml-imported');
      expect(missing.status).toBe(404);
      expect(missing.xml().itemNotFound).toMatchObject({ code: '404', message: `Keypair xml-imported not found for user ${DEMO_USER}` });
      const taken = await xmlCall('POST', '', '<keypair name="xml-generated"/>');
      expect(taken.status).toBe(409);
      expect(taken.xml().conflictingRequest).toMatchObject({ code: '409', message: "Key pair 'xml-generated' already exists." });
      const unsafe = await xmlCall('POST', '', '<keypair name="a/b"/>');
      expect(unsafe.status).toBe(400);
      expect(unsafe.xml().badRequest.message).toBe('Keypair data is invalid: Keypair name contains unsafe characters');
      const badKey = await xmlCall('POST', '', '<keypair name="k"><public_key>not a key</public_key></keypair>');
      expect(badKey.status).toBe(400);
      expect(badKey.xml().badRequest.message).toMatch(/^Keypair data is invalid: failed to generate fingerprint/);
      expect((await xmlCall('POST', '', '<keypair/>')).status).toBe(400);
    });
  });

  describe('faults', () => {
    it("refuses a taken name with 409 and Nova's message, whether generated or imported", async () => {
      expect(fault(await generate('keypair-1'), 409, 'conflictingRequest')).toBe("Key pair 'keypair-1' already exists.");
      expect(fault(await importKey('spec-key', SPEC_KEY), 409, 'conflictingRequest')).toBe("Key pair 'spec-key' already exists.");
    });

    it.each([
      ['', 'Keypair data is invalid: Keypair name must be between 1 and 255 characters long'],
      ['x'.repeat(256), 'Keypair data is invalid: Keypair name must be between 1 and 255 characters long'],
      ['bad/name', 'Keypair data is invalid: Keypair name contains unsafe characters'],
      ['bad@name', 'Keypair data is invalid: Keypair name contains unsafe characters'],
      ['ключ', 'Keypair data is invalid: Keypair name contains unsafe characters'],
      ['<script>', 'Keypair data is invalid: Keypair name contains unsafe characters'],
    ])('refuses the name %j with 400', async (name, message) => {
      expect(fault(await generate(name), 400, 'badRequest')).toBe(message);
      expect(fault(await importKey(name, SPEC_KEY), 400, 'badRequest')).toBe(message);
    });

    it('generates when public_key is null', async () => {
      const r = await demoCall('POST', '', { body: { keypair: { name: 'null-key', public_key: null } } });
      expect(r.status).toBe(200);
      expect(r.json().keypair.private_key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    });

    it('accepts a 255-character name', async () => {
      expect((await importKey('n'.repeat(255), SPEC_KEY)).status).toBe(200);
    });

    it('refuses a public key that is not one, or of a type Nova refuses, naming why', async () => {
      for (const key of ['', 'garbage', 'ssh-rsa AAAA', SPEC_KEY.replace('ssh-rsa', 'ssh-dss'), '-----BEGIN PUBLIC KEY-----', 'ssh-rsa-cert-v01@openssh.com AAAA x']) {
        expect(fault(await importKey('bad-key', key), 400, 'badRequest')).toMatch(/^Keypair data is invalid: failed to generate fingerprint: not an OpenSSH public key/);
      }
      expect(fault(await importKey('bad-key', `${SPEC_KEY}${SPEC_KEY_2}`), 400, 'badRequest')).toBe(
        'Keypair data is invalid: the public key must be one line: one OpenSSH public key',
      );
      fault(await demoCall('GET', '/bad-key'), 404, 'itemNotFound');
    });

    it('refuses a body without a keypair, a name, or with fields of the wrong type', async () => {
      expect(fault(await demoCall('POST', '', { body: {} }), 400, 'badRequest')).toMatch(/'keypair'/);
      expect(fault(await demoCall('POST', '', { body: { keypair: {} } }), 400, 'badRequest')).toMatch(/'keypair.name'/);
      expect(fault(await demoCall('POST', '', { body: { keypair: { name: 7 } } }), 400, 'badRequest')).toMatch(/'keypair.name'/);
      expect(fault(await demoCall('POST', '', { body: { keypair: { name: 'k', public_key: ['x'] } } }), 400, 'badRequest')).toMatch(/'keypair.public_key'/);
      expect(fault(await demoCall('POST', '', { body: { keypair: 'k' } }), 400, 'badRequest')).toMatch(/'keypair'/);
      fault(await demoCall('POST', '', { body: '{"keypair": ', contentType: 'application/json' }), 400, 'badRequest');
    });

    it('answers 404 for an unknown keypair on get and delete, and 405 for other methods', async () => {
      expect(fault(await demoCall('GET', '/nope'), 404, 'itemNotFound')).toBe(`Keypair nope not found for user ${DEMO_USER}`);
      expect(fault(await demoCall('DELETE', '/nope'), 404, 'itemNotFound')).toBe(`Keypair nope not found for user ${DEMO_USER}`);
      fault(await demoCall('GET', '/bad%2Fname'), 404, 'itemNotFound');
      expect((await demoCall('PUT', '/keypair-1', { body: { keypair: { name: 'x' } } })).status).toBe(405);
    });

    it('needs a token for this tenant', async () => {
      expect((await gw.call('GET', path(demo))).status).toBe(401);
      expect((await gw.call('GET', path(alt), { token })).status).toBe(400);
    });
  });

  describe('isolation: a keypair belongs to one user in one tenant', () => {
    let fingerprint: string;
    beforeAll(async () => {
      fingerprint = (await generate('shared-name')).json().keypair.fingerprint;
    });

    it.each([
      ['alt, in another tenant', 'alt' as const, alt],
      ['admin, in tenant admin', 'admin' as const, admin],
    ])('%s never sees it, and has its own keypair of that name', async (_who, user, tenant) => {
      const other = await gw.token(user);
      fault(await gw.call('GET', path(tenant, '/shared-name'), { token: other }), 404, 'itemNotFound');
      fault(await gw.call('DELETE', path(tenant, '/shared-name'), { token: other }), 404, 'itemNotFound');
      expect((await gw.call('GET', path(tenant), { token: other })).json().keypairs).toEqual([]);
      const own = await importKey('shared-name', SPEC_KEY, other, tenant);
      expect(own.status).toBe(200);
      expect(own.json().keypair.user_id).toBe(user === 'alt' ? '20000000000002' : '20000000000000');
      expect((await gw.call('GET', path(tenant), { token: other })).json().keypairs.map((k: { keypair: { name: string } }) => k.keypair.name)).toEqual(['shared-name']);
      expect((await gw.call('DELETE', path(tenant, '/shared-name'), { token: other })).status).toBe(202);
    });

    it('another user of the same tenant never sees it either', async () => {
      const peer = await peerToken();
      fault(await gw.call('GET', path(demo, '/shared-name'), { token: peer }), 404, 'itemNotFound');
      fault(await gw.call('DELETE', path(demo, '/shared-name'), { token: peer }), 404, 'itemNotFound');
      expect((await gw.call('GET', path(demo), { token: peer })).json().keypairs).toEqual([]);
      const own = await generate('shared-name', peer);
      expect(own.status).toBe(200);
      expect(own.json().keypair.user_id).toBe(PEER_USER);
      expect((await gw.call('GET', path(demo), { token: peer })).json().keypairs).toHaveLength(1);
    });

    it("leaves the owner's keypair untouched", async () => {
      expect((await demoCall('GET', '/shared-name')).json().keypair.fingerprint).toBe(fingerprint);
    });
  });

  describe('concurrency', () => {
    const RACES = 10;
    // Two imports take the same time, so both usually read the stream before either appends:
    // then the loser's append fails on the expected version and its retry sees the keypair.
    // Generating takes a random time, so a generate usually loses to a plain re-read.
    it('two racing creates of one name: exactly one 200 and one 409', async () => {
      for (let i = 0; i < RACES; i++) {
        const name = `race-${i}`;
        const results = await Promise.all(i < 2 ? [generate(name), generate(name)] : [importKey(name, SPEC_KEY), importKey(name, SPEC_KEY_2)]);
        expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
        const loser = results.find((r) => r.status === 409)!;
        expect(loser.json().conflictingRequest.message).toBe(`Key pair '${name}' already exists.`);
        const winner = results.find((r) => r.status === 200)!;
        expect((await demoCall('GET', `/${name}`)).json().keypair.fingerprint).toBe(winner.json().keypair.fingerprint);
      }
      const rows = await gw.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM api_gateway.keypairs WHERE name LIKE 'race-%'`);
      expect(rows[0].n).toBe(RACES);
      const events = await gw.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM event_store.events WHERE data->>'name' LIKE 'race-%'`);
      expect(events[0].n).toBe(RACES);
    });

    it('two racing deletes: one 202 and one 404', async () => {
      const results = await Promise.all([demoCall('DELETE', '/race-0'), demoCall('DELETE', '/race-0')]);
      expect(results.map((r) => r.status).sort()).toEqual([202, 404]);
    });
  });

  describe('the log', () => {
    it('holds one stream per keypair with PascalCase events, the request id, and never a private key', async () => {
      const created = await generate('logged');
      const requestId = created.headers.get('x-compute-request-id');
      await demoCall('DELETE', '/logged');
      await importKey('logged', SPEC_KEY);
      const events = await gw.database.query<{ stream_name: string; stream_version: number; type: string; data: Record<string, string>; metadata: Record<string, string> }>(
        `SELECT stream_name, stream_version, type, data, metadata FROM event_store.events WHERE data->>'name' = 'logged' AND data->>'userId' = $1 ORDER BY position`,
        [DEMO_USER],
      );
      expect(events.map((e) => [e.stream_version, e.type])).toEqual([
        [1, 'KeypairCreated'],
        [2, 'KeypairDeleted'],
        [3, 'KeypairImported'],
      ]);
      expect(new Set(events.map((e) => e.stream_name)).size).toBe(1);
      expect(events[0].stream_name).toMatch(/^keypair-[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(events[0].data).toEqual({ tenantId: demo, userId: DEMO_USER, name: 'logged', publicKey: created.json().keypair.public_key, fingerprint: created.json().keypair.fingerprint });
      expect(events[1].data).toEqual({ tenantId: demo, userId: DEMO_USER, name: 'logged' });
      expect(events[0].metadata).toMatchObject({ correlationId: requestId, tenantId: demo, producer: 'api-gateway' });

      const leaks = await gw.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM event_store.events WHERE data::text LIKE '%PRIVATE KEY%'`);
      expect(leaks[0].n).toBe(0);
      const columns = await gw.database.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'api_gateway' AND table_name = 'keypairs'`);
      expect(columns.map((c) => c.column_name).sort()).toEqual(['created_at', 'fingerprint', 'name', 'origin', 'public_key', 'tenant_id', 'user_id']);
    });

    it('replaying the log rebuilds the keypairs table exactly', async () => {
      const pool = new Pool({ connectionString: gw.database.url, max: 2 });
      try {
        const db = new PgPoolDb(pool);
        const report = await replayProjection({ db, store: new PostgresEventStore(db, { schema: 'event_store' }), projection: keypairProjection, schema: 'api_gateway', pageSize: 7 });
        expect(report).toMatchObject({ projection: 'keypairs', equal: true, differences: [{ table: 'keypairs', onlyLive: 0, onlyReplayed: 0 }] });
        const live = await gw.database.query<{ n: number; origins: string[] }>(`SELECT count(*)::int AS n, array_agg(DISTINCT origin ORDER BY origin) AS origins FROM api_gateway.keypairs`);
        expect(live[0].n).toBeGreaterThan(10);
        expect(live[0].origins).toEqual(['generated', 'imported']);
        const deletes = await gw.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM event_store.events WHERE type = 'KeypairDeleted'`);
        expect(deletes[0].n).toBeGreaterThan(3);
        expect(report.eventsApplied).toBe(Number((await gw.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM event_store.events WHERE stream_name LIKE 'keypair-%'`))[0].n));

        // And replay notices a live table that drifted from the log.
        await gw.database.query(`UPDATE api_gateway.keypairs SET fingerprint = 'drifted' WHERE name = 'keypair-1'`);
        const drifted = await replayProjection({ db, store: new PostgresEventStore(db, { schema: 'event_store' }), projection: keypairProjection, schema: 'api_gateway' });
        expect(drifted.differences).toEqual([{ table: 'keypairs', onlyLive: 1, onlyReplayed: 1 }]);
      } finally {
        await pool.end();
      }
    });
  });
});
