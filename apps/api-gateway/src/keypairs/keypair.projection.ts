// The keypairs read model: one row per keypair a user holds in a tenant, written from the
// keypair events in the same transaction as their append, and rebuilt from the log by
// replayProjection. Rows are keyed by event data and timed by the event's recordedAt, so a
// replay reproduces them exactly.

import type { RecordedEvent } from '@app/contracts';
import type { Projection, SqlTx } from '@app/event-store';
import { KeypairEventType, type KeypairEvent } from '@app/domain/keypair/keypair.events';

export const KEYPAIRS_TABLE = 'keypairs';

export const keypairProjection: Projection = {
  name: 'keypairs',
  tables: [KEYPAIRS_TABLE],
  category: 'keypair',
  async apply(tx: SqlTx, schema: string, recorded: RecordedEvent): Promise<void> {
    const table = `"${schema}".${KEYPAIRS_TABLE}`;
    const event = recorded as unknown as KeypairEvent;
    switch (event.type) {
      case KeypairEventType.Created:
      case KeypairEventType.Imported: {
        const { tenantId, userId, name, fingerprint, publicKey } = event.data;
        const origin = event.type === KeypairEventType.Created ? 'generated' : 'imported';
        await tx.query(
          `INSERT INTO ${table} (tenant_id, user_id, name, fingerprint, public_key, origin, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (tenant_id, user_id, name) DO UPDATE
             SET fingerprint = EXCLUDED.fingerprint, public_key = EXCLUDED.public_key, origin = EXCLUDED.origin, created_at = EXCLUDED.created_at`,
          [tenantId, userId, name, fingerprint, publicKey, origin, recorded.recordedAt],
        );
        return;
      }
      case KeypairEventType.Deleted: {
        const { tenantId, userId, name } = event.data;
        await tx.query(`DELETE FROM ${table} WHERE tenant_id = $1 AND user_id = $2 AND name = $3`, [tenantId, userId, name]);
        return;
      }
      default:
        // Another keypair event type, from a newer version of the gateway: nothing to show here.
        return;
    }
  },
};
