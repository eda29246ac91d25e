// Why a running task was told to stop: the agent is shutting down (the task stays unfinished
// and is resumed at the next start), or a delete of its server arrived (the task gives way).

/** The agent stops; unfinished tasks are resumed when it starts again. */
export class ShutdownError extends Error {
  constructor() {
    super('the compute agent is stopping');
    this.name = 'ShutdownError';
  }
}

/** A delete of the server arrived while this task ran: the delete takes over. */
export class PreemptedError extends Error {
  constructor() {
    super('a delete of the server took over');
    this.name = 'PreemptedError';
  }
}

export function isStopping(error: unknown): error is ShutdownError | PreemptedError {
  return error instanceof ShutdownError || error instanceof PreemptedError;
}
