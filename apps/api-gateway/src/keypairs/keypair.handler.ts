// The shell around the keypair decider: generate or check the key, then read the stream,
// rebuild the state, decide, and append with the expected version, updating the keypairs
// table in the same transaction. Two racing creates of one name both expect the same
// version; the loser's append fails, and its retry from a fresh read is refused by decide
// with Nova's "already exists". Nova: nova/compute/api.py, KeypairAPI.

import { Inject, Injectable } from '@nestjs/common';
import { NO_STREAM } from '@app/contracts';
import { PostgresEventStore, WrongExpectedVersionError, type SqlDb } from '@app/event-store';
import { APP_DB, PlatformConfig } from '@app/platform';
import { assertKeypairName, decide, evolve, initialState, type KeypairCommand } from '@app/domain/keypair/keypair.decider';
import type { KeypairEvent, KeypairOwner } from '@app/domain/keypair/keypair.events';
import { keypairProjection } from './keypair.projection';
import { keypairStream } from './keypair-stream';
import type { NewKeypair } from './keypair.view';
import { generateRsaKeypair, importedKeyFingerprint } from './ssh-keys';

/** Attempts per command when another request changed the same stream meanwhile. */
const MAX_ATTEMPTS = 3;

@Injectable()
export class KeypairHandler {
  constructor(
    private readonly store: PostgresEventStore,
    @Inject(APP_DB) private readonly db: SqlDb,
    private readonly config: PlatformConfig,
  ) {}

  /** A new RSA pair; the private key is in the answer and nowhere else. */
  async generate(owner: KeypairOwner, requestId: string): Promise<NewKeypair> {
    assertKeypairName(owner.name);
    const pair = await generateRsaKeypair();
    await this.execute({ type: 'CreateKeypair', key: { ...owner, publicKey: pair.publicKey, fingerprint: pair.fingerprint } }, owner, requestId);
    return { name: owner.name, userId: owner.userId, publicKey: pair.publicKey, fingerprint: pair.fingerprint, privateKey: pair.privateKey };
  }

  /** The user's own public key, kept exactly as given. */
  async import(owner: KeypairOwner, publicKey: string, requestId: string): Promise<NewKeypair> {
    assertKeypairName(owner.name);
    const fingerprint = importedKeyFingerprint(publicKey);
    await this.execute({ type: 'ImportKeypair', key: { ...owner, publicKey, fingerprint } }, owner, requestId);
    return { name: owner.name, userId: owner.userId, publicKey, fingerprint };
  }

  async delete(owner: KeypairOwner, requestId: string): Promise<void> {
    await this.execute({ type: 'DeleteKeypair', owner }, owner, requestId);
  }

  private async execute(command: KeypairCommand, owner: KeypairOwner, requestId: string): Promise<void> {
    const stream = keypairStream(owner);
    for (let attempt = 1; ; attempt++) {
      // 1. Read the stream.
      const history = await this.store.readStream(stream);
      // 2. Rebuild the state.
      const state = history.map((e) => e as unknown as KeypairEvent).reduce(evolve, initialState());
      // 3. Decide (throws when refused).
      const events = decide(command, state);
      // 4. Append with the expected version, and project in the same transaction.
      const expected = history.length > 0 ? history[history.length - 1].streamVersion : NO_STREAM;
      try {
        await this.db.transaction(async (tx) => {
          await this.store.append(stream, expected, events, { correlationId: requestId, tenantId: owner.tenantId, producer: 'api-gateway' }, tx);
          for (const recorded of await this.store.readStream(stream, expected + 1, events.length, tx)) {
            await keypairProjection.apply(tx, this.config.appSchema, recorded);
          }
        });
        // 5. Done.
        return;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
}
