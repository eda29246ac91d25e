// The typed refusals a compute client throws.

/** The agent holds no such server (never built there, or gone). */
export class ComputeServerNotFoundError extends Error {
  readonly code = 'SERVER_NOT_FOUND';
  constructor(message: string) {
    super(message);
    this.name = 'ComputeServerNotFoundError';
  }
}

/** The agent simulates no such host. */
export class ComputeHostNotFoundError extends Error {
  readonly code = 'HOST_NOT_FOUND';
  constructor(message: string) {
    super(message);
    this.name = 'ComputeHostNotFoundError';
  }
}

export class InvalidComputeRequestError extends Error {
  readonly code = 'INVALID_REQUEST';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidComputeRequestError';
  }
}

/** No agent answered (not running, or not in time). */
export class ComputeUnavailableError extends Error {
  readonly code = 'UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ComputeUnavailableError';
  }
}
