// The event store's errors: one class per condition, each with a stable code.

/** An append expected a stream version that is not the stream's current one (optimistic concurrency). */
export class WrongExpectedVersionError extends Error {
  readonly code = 'WRONG_EXPECTED_VERSION';
  constructor(
    readonly streamName: string,
    readonly expectedVersion: number | 'any',
    readonly actualVersion: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      `append to '${streamName}' expected version ${expectedVersion}` +
        (actualVersion === undefined ? ', but another writer appended first' : `, but the stream is at ${actualVersion}`),
      options,
    );
    this.name = 'WrongExpectedVersionError';
  }
}

/** An append was refused before reaching the database (empty batch, too many events, bad names). */
export class InvalidAppendError extends Error {
  readonly code = 'INVALID_APPEND';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}
