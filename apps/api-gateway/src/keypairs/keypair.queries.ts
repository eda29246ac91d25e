// Reads of the keypairs table: a user's keypairs in a tenant, never anyone else's.

import { Inject, Injectable } from '@nestjs/common';
import type { SqlDb } from '@app/event-store';
import { APP_DB, PlatformConfig } from '@app/platform';
import type { KeypairOwner } from '@app/domain/keypair/keypair.events';
import { KEYPAIRS_TABLE } from './keypair.projection';
import type { KeypairSummary } from './keypair.view';

interface KeypairRow {
  name: string;
  public_key: string;
  fingerprint: string;
}

const toSummary = (r: KeypairRow): KeypairSummary => ({ name: r.name, publicKey: r.public_key, fingerprint: r.fingerprint });

@Injectable()
export class KeypairQueries {
  private readonly table: string;

  constructor(
    @Inject(APP_DB) private readonly db: SqlDb,
    config: PlatformConfig,
  ) {
    this.table = `"${config.appSchema}".${KEYPAIRS_TABLE}`;
  }

  /** The user's keypairs in the tenant, oldest first. */
  async list(tenantId: string, userId: string): Promise<KeypairSummary[]> {
    const { rows } = await this.db.query<KeypairRow>(
      `SELECT name, public_key, fingerprint FROM ${this.table} WHERE tenant_id = $1 AND user_id = $2 ORDER BY created_at, name`,
      [tenantId, userId],
    );
    return rows.map(toSummary);
  }

  async get(owner: KeypairOwner): Promise<KeypairSummary | undefined> {
    const { rows } = await this.db.query<KeypairRow>(
      `SELECT name, public_key, fingerprint FROM ${this.table} WHERE tenant_id = $1 AND user_id = $2 AND name = $3`,
      [owner.tenantId, owner.userId, owner.name],
    );
    return rows[0] && toSummary(rows[0]);
  }
}
