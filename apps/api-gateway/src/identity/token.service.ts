// Tokens: random (`HPAuth_` and 64 hex digits, the spec's shape), valid for TOKEN_TTL_SECONDS,
// stored only as their SHA-256 in api_gateway.tokens, revocable. Unknown, expired and revoked
// tokens are all simply "not valid". A token found valid is remembered for a few seconds
// (VERIFIED_FOR_MS), so a client's burst of calls costs one query, not one each; a revocation
// takes effect at once on this replica and within those seconds on the others.

import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_DB, PlatformConfig } from '@app/platform';
import type { SqlDb } from '@app/event-store';
import { GatewayConfig } from '../config/gateway-config';
import type { AuthContext } from './auth-context';
import { ADMIN_ROLE, type Tenant, type User } from './identity-directory';

export interface IssuedToken {
  id: string;
  issuedAt: Date;
  expires: Date;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** How long a verified token is trusted without asking the database again. */
const VERIFIED_FOR_MS = 5000;
/** The most tokens remembered at once (the oldest are forgotten first). */
const REMEMBERED = 10_000;

@Injectable()
export class TokenService {
  private readonly table: string;
  private readonly verified = new Map<string, { auth: AuthContext; until: number }>();

  constructor(
    @Inject(APP_DB) private readonly db: SqlDb,
    private readonly gateway: GatewayConfig,
    platform: PlatformConfig,
  ) {
    this.table = `"${platform.appSchema}".tokens`;
  }

  async issue(user: User, tenant: Tenant, now = new Date()): Promise<IssuedToken> {
    const id = `HPAuth_${randomBytes(32).toString('hex')}`;
    const expires = new Date(now.getTime() + this.gateway.tokenTtlSeconds * 1000);
    await this.db.query(
      `INSERT INTO ${this.table} (token_hash, user_id, user_name, tenant_id, tenant_name, roles, issued_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [hash(id), user.id, user.name, tenant.id, tenant.name, user.roles, now, expires],
    );
    return { id, issuedAt: now, expires };
  }

  async verify(token: string | undefined): Promise<AuthContext | undefined> {
    if (!token || token.length > 256) return undefined;
    const key = hash(token);
    const remembered = this.verified.get(key);
    if (remembered && remembered.until > Date.now()) return remembered.auth;
    this.verified.delete(key);
    const { rows } = await this.db.query<{ user_id: string; user_name: string; tenant_id: string; tenant_name: string; roles: string[]; expires_at: Date }>(
      `SELECT user_id, user_name, tenant_id, tenant_name, roles, expires_at FROM ${this.table}
        WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()`,
      [key],
    );
    const row = rows[0];
    if (!row) return undefined;
    const auth = { userId: row.user_id, userName: row.user_name, tenantId: row.tenant_id, tenantName: row.tenant_name, roles: row.roles, isAdmin: row.roles.includes(ADMIN_ROLE) };
    if (this.verified.size >= REMEMBERED) this.verified.delete(this.verified.keys().next().value!);
    // Never trusted past its own expiry.
    this.verified.set(key, { auth, until: Math.min(Date.now() + VERIFIED_FOR_MS, row.expires_at.getTime()) });
    return auth;
  }

  /** Revokes a token; false if there was no such valid token. */
  async revoke(token: string): Promise<boolean> {
    this.verified.delete(hash(token));
    const { rowCount } = await this.db.query(`UPDATE ${this.table} SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL`, [hash(token)]);
    return (rowCount ?? 0) > 0;
  }
}
