// Why a keypair command was refused: one error class per condition, each with a stable code,
// worded as Nova words them (Nova: nova/exception.py, InvalidKeypair, KeyPairExists,
// KeypairNotFound).

/** The name or the public key is not acceptable. */
export class InvalidKeypairError extends Error {
  readonly code = 'INVALID_KEYPAIR';
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Keypair data is invalid: ${reason}`, options);
    this.name = 'InvalidKeypairError';
  }
}

/** The user already has a keypair of this name. */
export class KeypairExistsError extends Error {
  readonly code = 'KEYPAIR_EXISTS';
  constructor(readonly keypairName: string) {
    super(`Key pair '${keypairName}' already exists.`);
    this.name = 'KeypairExistsError';
  }
}

/** The user has no keypair of this name. */
export class KeypairNotFoundError extends Error {
  readonly code = 'KEYPAIR_NOT_FOUND';
  constructor(
    readonly keypairName: string,
    readonly userId: string,
  ) {
    super(`Keypair ${keypairName} not found for user ${userId}`);
    this.name = 'KeypairNotFoundError';
  }
}
