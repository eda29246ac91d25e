// For the load tool's own tests: a tiny in-process HTTP server answering the few compute API
// calls the scenarios make (tokens, quota sets, servers, actions, images, floating IPs) with
// the real API's statuses and shapes, and servers that move one state per GET. What a server
// does is chosen per iteration (its `load_iteration` metadata): ok, error, stuck, over-limit.
// The real stack is exercised by test/e2e/load-tool.e2e-spec.ts.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeBehaviour = 'ok' | 'error' | 'stuck' | 'over-limit';

interface FakeServer {
  id: number;
  uuid: string;
  tenantId: string;
  status: string;
  behaviour: FakeBehaviour;
  deleted: boolean;
}

export interface FakeNova {
  url: string;
  /** Token requests per user name. */
  tokenRequests: Map<string, number>;
  /** Bodies of PUT os-quota-sets, by tenant id. */
  quotaSets: Map<string, unknown>;
  /** Tenant id of each POST /servers, in order. */
  creates: string[];
  /** Called on every request before it is answered (a test may block the process here). */
  onRequest?: (method: string, path: string) => void;
  close(): Promise<void>;
}

export async function startFakeNova(users: string[], plan: (iteration: number) => FakeBehaviour = () => 'ok'): Promise<FakeNova> {
  const tenantIds = new Map(users.map((name, i) => [name, String(10000000000100 + i)]));
  const tokens = new Map<string, { user: string; tenantId: string }>();
  const servers = new Map<number, FakeServer>();
  const images = new Map<number, { polls: number }>();
  const floatingIps = new Set<number>();
  let nextId = 200000;
  const fake: FakeNova = {
    url: '',
    tokenRequests: new Map(),
    quotaSets: new Map(),
    creates: [],
    close: () =>
      new Promise((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };

  const send = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  const fault = (res: ServerResponse, status: number, name: string, message: string) => send(res, status, { [name]: { code: status, message } });
  const view = (s: FakeServer) => ({ id: s.id, uuid: s.uuid, name: 'x', status: s.status, ...(s.status === 'ERROR' ? { fault: { code: 500, message: 'No valid host was found. ' } } : {}) });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? JSON.parse(text) : undefined;
    const method = req.method!;
    const path = req.url!;
    fake.onRequest?.(method, path);
    if (method === 'GET' && path === '/') return send(res, 200, { versions: [] });
    if (method === 'POST' && path === '/v2.0/tokens') {
      const { username, password } = body.auth.passwordCredentials;
      fake.tokenRequests.set(username, (fake.tokenRequests.get(username) ?? 0) + 1);
      if (!tenantIds.has(username) || password !== username) return fault(res, 401, 'unauthorized', 'Invalid user / password');
      const id = `tok-${username}-${tokens.size}`;
      tokens.set(id, { user: username, tenantId: tenantIds.get(username)! });
      return send(res, 200, { access: { token: { id, tenant: { id: tenantIds.get(username), name: username } } } });
    }
    const caller = tokens.get(String(req.headers['x-auth-token']));
    const match = /^\/v1\.1\/(\d+)(\/.*)$/.exec(path);
    if (!caller || !match || match[1] !== caller.tenantId) return fault(res, 401, 'unauthorized', 'This server could not verify that you are authorized');
    const tenantId = caller.tenantId;
    const route = `${method} ${match[2]}`;
    let m: RegExpExecArray | null;
    if ((m = /^PUT \/os-quota-sets\/(\d+)$/.exec(route))) {
      if (caller.user !== 'admin') return fault(res, 403, 'forbidden', 'Policy does not allow this');
      fake.quotaSets.set(m[1], body);
      return send(res, 200, { quota_set: { id: m[1], ...body.quota_set } });
    }
    if (route === 'POST /servers') {
      fake.creates.push(tenantId);
      const behaviour = plan(Number(body.server.metadata?.load_iteration ?? 0));
      if (behaviour === 'over-limit') return fault(res, 413, 'overLimit', 'Quota exceeded for instances');
      const s: FakeServer = { id: nextId++, uuid: `00000000-0000-4000-8000-${String(nextId).padStart(12, '0')}`, tenantId, status: 'BUILD(scheduling)', behaviour, deleted: false };
      servers.set(s.id, s);
      return send(res, 202, { server: { ...view(s), adminPass: 'x' } }, { Location: `http://fake/v1.1/${tenantId}/servers/${s.id}` });
    }
    if (route === 'GET /servers/detail') return send(res, 200, { servers: [...servers.values()].filter((s) => s.tenantId === tenantId && !s.deleted).map(view) });
    if ((m = /^(GET|DELETE) \/servers\/(\d+)$/.exec(route))) {
      const s = servers.get(Number(m[2]));
      if (!s || s.tenantId !== tenantId || s.deleted) return fault(res, 404, 'itemNotFound', 'Instance could not be found');
      if (m[1] === 'DELETE') {
        s.status = `${s.status.replace(/\(.*\)$/, '')}(deleting)`;
        return send(res, 204);
      }
      const shown = view(s);
      if (s.status.endsWith('(deleting)')) s.deleted = true;
      else if (s.status.startsWith('BUILD') && s.behaviour !== 'stuck') s.status = s.behaviour === 'error' ? 'ERROR' : 'ACTIVE';
      else if (s.status === 'ACTIVE(rebooting)') s.status = 'ACTIVE';
      return send(res, 200, { server: shown });
    }
    if ((m = /^POST \/servers\/(\d+)\/action$/.exec(route))) {
      const s = servers.get(Number(m[1]))!;
      if (body.reboot) {
        s.status = 'ACTIVE(rebooting)';
        return send(res, 202);
      }
      const imageId = nextId++;
      images.set(imageId, { polls: 0 });
      return send(res, 202, undefined, { Location: `http://fake/v1.1/${tenantId}/images/${imageId}` });
    }
    if ((m = /^(GET|DELETE) \/images\/(\d+)$/.exec(route))) {
      const image = images.get(Number(m[2]));
      if (!image) return fault(res, 404, 'itemNotFound', 'Image not found.');
      if (m[1] === 'DELETE') {
        images.delete(Number(m[2]));
        return send(res, 204);
      }
      return send(res, 200, { image: { id: m[2], status: image.polls++ > 0 ? 'ACTIVE' : 'SAVING' } });
    }
    if (route === 'POST /os-floating-ips') {
      const id = nextId++;
      floatingIps.add(id);
      return send(res, 200, { floating_ip: { id, ip: '15.185.96.7', fixed_ip: null, instance_id: null } });
    }
    if ((m = /^DELETE \/os-floating-ips\/(\d+)$/.exec(route))) {
      if (!floatingIps.delete(Number(m[1]))) return fault(res, 404, 'itemNotFound', 'Floating ip not found');
      return send(res, 202);
    }
    return fault(res, 404, 'itemNotFound', `no route ${route}`);
  }

  const http: Server = createServer((req, res) => void handle(req, res).catch((error) => fault(res, 500, 'computeFault', String(error))));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return fake;
}
