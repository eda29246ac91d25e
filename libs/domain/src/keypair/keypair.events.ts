// The facts of a keypair's life, one stream per (tenant, user, name). The private key of a
// generated pair is never in an event: it is shown once, in the answer to the create, and
// kept nowhere. Event type names are public once stored: never rename one.

/** Whose keypair, and its name: in every event, so a reader needs nothing but the event. */
export interface KeypairOwner {
  tenantId: string;
  userId: string;
  name: string;
}

export interface KeypairKeyData extends KeypairOwner {
  /** The OpenSSH public key, as generated or exactly as the user gave it. */
  publicKey: string;
  /** MD5 of the key blob, 16 lower-case hex pairs joined by ':' (`ssh-keygen -l -E md5`). */
  fingerprint: string;
}

export const KeypairEventType = {
  /** The API generated the pair and handed the private key to the user. */
  Created: 'KeypairCreated',
  /** The user gave the public key. */
  Imported: 'KeypairImported',
  Deleted: 'KeypairDeleted',
} as const;

export type KeypairEvent =
  | { type: typeof KeypairEventType.Created; data: KeypairKeyData }
  | { type: typeof KeypairEventType.Imported; data: KeypairKeyData }
  | { type: typeof KeypairEventType.Deleted; data: KeypairOwner };
