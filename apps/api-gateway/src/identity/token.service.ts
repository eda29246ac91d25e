// Tokens: random (`HPAuth_` and 64 hex digits, the spec's shape), valid for TOKEN_TTL_SECONDS,
// stored only as their SHA-256 in api_gateway.tokens, revocable. Unknown, expired and revoked
// tokens are all simply "not valid".

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

@Injectable()
export class TokenService {
  private readonly table: string;

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
    const { rows } = await this.db.query<{ user_id: string; user_name: string; tenant_id: string; tenant_name: string; roles: string[] }>(
      `SELECT user_id, user_name, tenant_id, tenant_name, roles FROM ${this.table}
        WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()`,
      [hash(token)],
    );
    const row = rows[0];
    if (!row) return undefined;
    return { userId: row.user_id, userName: row.user_name, tenantId: row.tenant_id, tenantName: row.tenant_name, roles: row.roles, isAdmin: row.roles.includes(ADMIN_ROLE) };
  }

  /** Revokes a token; false if there was no such valid token. */
  async revoke(token: string): Promise<boolean> {
    const { rowCount } = await this.db.query(`UPDATE ${this.table} SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL`, [hash(token)]);
    return (rowCount ?? 0) > 0;
  }
}
