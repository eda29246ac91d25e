// Runs the built API gateway as a process against a scratch database and its own NATS
// namespace, and gives tests a small client: tokens for the default users, and requests in
// JSON or XML with the response parsed for assertions. Other apps (the quota app, ...) can run
// beside it on the same database and namespace, and a second gateway can join the first as a
// replica. Rate limiting is off unless a test sets RATE_LIMITS (the spec's 10 PUTs a minute
// would trip ordinary tests).

import { randomBytes } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { waitFor } from '../../harness/wait-for';
import { type App, AppProcess, ensureBuilt, portVariableOf } from './app-process';
import { deleteEventsStream } from './events-stream';
import { freePort } from './free-port';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';

export const DEFAULT_TENANTS = { demo: '10000000000001', alt: '10000000000002', admin: '10000000000000' } as const;
export type DefaultUser = keyof typeof DEFAULT_TENANTS;

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  json<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The body parsed as XML: attributes without prefix, the root element as the only key. */
  xml<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface CallOptions {
  token?: string;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  contentType?: string;
  accept?: string;
  headers?: Record<string, string>;
}

const xmlParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: false, parseAttributeValue: false, parseTagValue: false, isArray: (name) => name === 'atom:link' });

export interface Gateway {
  url: string;
  database: ScratchDatabase;
  /** The NATS_NAMESPACE the gateway and the apps beside it share. */
  namespace: string;
  process: AppProcess;
  /** The other apps started with it (the `apps` option), by name. */
  apps: Partial<Record<App, AppProcess>>;
  call(method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
  /** A token for one of the default users (demo, alt, admin), cached. */
  token(user: DefaultUser): Promise<string>;
  stop(): Promise<void>;
}


export interface GatewayOptions {
  /** Other apps to run on the gateway's database and NATS namespace; started before it, stopped after it. */
  apps?: App[];
  /** Join this gateway's database and namespace as another replica; they stay when this one stops. */
  replicaOf?: Gateway;
  /** Extra environment per app started beside the gateway, e.g. `{ 'compute-agent': { COMPUTE_PROFILE: 'zero' } }`. */
  appEnv?: Partial<Record<App, Record<string, string>>>;
}

/** Starts one of the other apps on a database and namespace, and waits until it is ready. */
async function startApp(app: App, database: ScratchDatabase, namespace: string, env: Record<string, string> = {}): Promise<AppProcess> {
  const port = await freePort();
  const child = new AppProcess(app, { DATABASE_URL: database.url, NATS_NAMESPACE: namespace, [portVariableOf(app)]: String(port), LOG_LEVEL: 'warn', ...env });
  child.port = port;
  try {
    await waitFor(`${app} to be ready`, async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, { timeoutMs: 60_000, detail: () => child.tail() });
  } catch (error) {
    child.signal('SIGKILL');
    throw error;
  }
  return child;
}

async function stopApp(child: AppProcess): Promise<void> {
  child.signal('SIGTERM');
  await child.exitWithin(15_000).catch(() => child.signal('SIGKILL'));
}

export async function startGateway(env: Record<string, string> = {}, options: GatewayOptions = {}): Promise<Gateway> {
  ensureBuilt();
  const owner = options.replicaOf === undefined;
  const database = options.replicaOf?.database ?? (await createScratchDatabase('gw'));
  const namespace = options.replicaOf?.namespace ?? `gw${randomBytes(4).toString('hex')}`;
  const apps: Partial<Record<App, AppProcess>> = {};
  /** Stops the apps beside the gateway, then drops what this gateway created. */
  const release = async () => {
    await Promise.all(Object.values(apps).map(stopApp));
    if (!owner) return;
    await database.drop();
    await deleteEventsStream(namespace);
  };
  const started = await Promise.allSettled((options.apps ?? []).map(async (app) => (apps[app] = await startApp(app, database, namespace, options.appEnv?.[app]))));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await release();
    throw failed.reason;
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = new AppProcess('api-gateway', {
    DATABASE_URL: database.url,
    NATS_NAMESPACE: namespace,
    API_GATEWAY_PORT: String(port),
    PUBLIC_URL: url,
    LOG_LEVEL: 'warn',
    RATE_LIMITS: 'off',
    ...env,
  });
  const tokens = new Map<string, string>();

  async function call(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers['X-Auth-Token'] = options.token;
    if (options.accept) headers.Accept = options.accept;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['Content-Type'] = options.contentType ?? (typeof options.body === 'string' && options.body.trimStart().startsWith('<') ? 'application/xml' : 'application/json');
    } else if (options.contentType) {
      headers['Content-Type'] = options.contentType;
    }
    const response = await fetch(`${url}${path}`, { method, headers, body, signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text), xml: () => xmlParser.parse(text) };
  }

  const gateway: Gateway = {
    url,
    database,
    namespace,
    process: child,
    apps,
    call,
    async token(user) {
      const cached = tokens.get(user);
      if (cached) return cached;
      const response = await call('POST', '/v2.0/tokens', { body: { auth: { passwordCredentials: { username: user, password: user }, tenantName: user } } });
      if (response.status !== 200) throw new Error(`token for ${user}: ${response.status} ${response.text}`);
      const id = response.json().access.token.id as string;
      tokens.set(user, id);
      return id;
    },
    async stop() {
      // The gateway's process, which restartApp may have replaced since the start.
      await stopApp(gateway.process);
      await release();
    },
  };
  try {
    await waitFor('the gateway to be ready', async () => (await fetch(`${url}/readyz`)).status === 200, { timeoutMs: 60_000, detail: () => child.tail() });
  } catch (error) {
    child.signal('SIGKILL');
    await release();
    throw error;
  }
  return gateway;
}
