// Runs the built API gateway as a process against a scratch database and its own NATS
// namespace, and gives tests a small client: tokens for the default users, and requests in
// JSON or XML with the response parsed for assertions.

import { randomBytes } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { eventsStreamName } from '@app/contracts';
import { waitFor } from '../../harness/wait-for';
import { AppProcess, ensureBuilt } from './app-process';
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
  process: AppProcess;
  call(method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
  /** A token for one of the default users (demo, alt, admin), cached. */
  token(user: DefaultUser): Promise<string>;
  stop(): Promise<void>;
}

/** The namespace's JetStream stream outlives the gateway unless removed (it is on disk). */
async function deleteEventsStream(namespace: string): Promise<void> {
  const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222', reconnect: false });
  try {
    await (await jetstreamManager(nc)).streams.delete(eventsStreamName(namespace)).catch(() => undefined);
  } finally {
    await nc.close();
  }
}

export async function startGateway(env: Record<string, string> = {}): Promise<Gateway> {
  ensureBuilt();
  const database = await createScratchDatabase('gw');
  const namespace = `gw${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = new AppProcess('api-gateway', {
    DATABASE_URL: database.url,
    NATS_NAMESPACE: namespace,
    API_GATEWAY_PORT: String(port),
    PUBLIC_URL: url,
    LOG_LEVEL: 'warn',
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
    process: child,
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
      child.signal('SIGTERM');
      await child.exitWithin(15_000).catch(() => child.signal('SIGKILL'));
      await database.drop();
      await deleteEventsStream(namespace);
    },
  };
  try {
    await waitFor('the gateway to be ready', async () => (await fetch(`${url}/readyz`)).status === 200, { timeoutMs: 60_000, detail: () => child.tail() });
  } catch (error) {
    child.signal('SIGKILL');
    await database.drop();
    throw error;
  }
  return gateway;
}
