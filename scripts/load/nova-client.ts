// The load tool's HTTP client of the compute API: one request with a timeout, failures named
// by a stable error type (http_<status>, connection_error, request_timeout), and per-tenant
// tokens from POST /v2.0/tokens, cached and fetched again once on a 401.

import type { Credentials } from './load-types';

/** Why an iteration failed: `type` groups failures in the report (http_413, timeout_active, ...). */
export class IterationError extends Error {
  override readonly name = 'IterationError';
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- API bodies are read field by field
  body: any;
}

/** The message of a Nova fault body (`{"overLimit": {"message": ...}}`), or the start of the text. */
export function faultMessage(answer: HttpAnswer): string {
  const fault = answer.body && typeof answer.body === 'object' ? Object.values(answer.body)[0] : undefined;
  const message = fault && typeof fault === 'object' ? (fault as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : answer.text.slice(0, 200);
}

/** An IterationError for an answer with an unexpected status. */
export function httpError(what: string, answer: HttpAnswer): IterationError {
  return new IterationError(`http_${answer.status}`, `${what}: ${answer.status} ${faultMessage(answer)}`.trim());
}

export class NovaClient {
  constructor(
    readonly baseUrl: string,
    private readonly requestTimeoutMs = 30_000,
  ) {}

  /** One request; `path` is absolute on the gateway (`/v1.1/...`). Throws IterationError when no answer comes. */
  async request(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<HttpAnswer> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.token) headers['X-Auth-Token'] = options.token;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] = 'application/json';
    }
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { method, headers, body, signal: AbortSignal.timeout(this.requestTimeoutMs) });
      text = await response.text();
    } catch (error) {
      const e = error as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError') throw new IterationError('request_timeout', `${method} ${path}: no answer within ${this.requestTimeoutMs} ms`);
      throw new IterationError('connection_error', `${method} ${path}: ${e.cause?.code ?? e.cause?.message ?? e.message}`);
    }
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, text, body: parsed };
  }
}

export interface TenantSession {
  tenantName: string;
  tenantId: string;
  token: string;
}

/** Tokens per tenant, fetched once and shared by every iteration of that tenant. */
export class TenantSessions {
  private readonly sessions = new Map<string, Promise<TenantSession>>();

  constructor(
    readonly client: NovaClient,
    readonly tenants: readonly Credentials[],
  ) {}

  /** The tenant of iteration `index`: round robin. */
  tenantFor(index: number): Credentials {
    return this.tenants[index % this.tenants.length];
  }

  session(credentials: Credentials): Promise<TenantSession> {
    const key = keyOf(credentials);
    let session = this.sessions.get(key);
    if (!session) {
      session = this.authenticate(credentials);
      this.sessions.set(key, session);
      session.catch(() => this.sessions.delete(key));
    }
    return session;
  }

  /** A request under the tenant's `/v1.1/{tenant_id}`; a 401 fetches a new token and tries once more. */
  async call(credentials: Credentials, method: string, path: string, body?: unknown): Promise<HttpAnswer> {
    for (let attempt = 0; ; attempt++) {
      const pending = this.session(credentials);
      const session = await pending;
      const answer = await this.client.request(method, `/v1.1/${session.tenantId}${path}`, { token: session.token, body });
      if (answer.status !== 401 || attempt > 0) return answer;
      if (this.sessions.get(keyOf(credentials)) === pending) this.sessions.delete(keyOf(credentials));
    }
  }

  private async authenticate(credentials: Credentials): Promise<TenantSession> {
    const answer = await this.client.request('POST', '/v2.0/tokens', {
      body: { auth: { passwordCredentials: { username: credentials.username, password: credentials.password }, tenantName: credentials.tenantName } },
    });
    if (answer.status === 401) throw new IterationError('auth_failed', `POST /v2.0/tokens for ${credentials.username} (tenant ${credentials.tenantName}): 401 ${faultMessage(answer)}`);
    if (answer.status !== 200) throw httpError(`POST /v2.0/tokens for ${credentials.username}`, answer);
    const token = answer.body?.access?.token;
    if (typeof token?.id !== 'string' || typeof token?.tenant?.id !== 'string') throw new IterationError('auth_failed', `POST /v2.0/tokens for ${credentials.username}: no token or tenant in the answer`);
    return { tenantName: credentials.tenantName, tenantId: token.tenant.id, token: token.id };
  }
}

function keyOf(credentials: Credentials): string {
  return `${credentials.username}\u0000${credentials.tenantName}`;
}
