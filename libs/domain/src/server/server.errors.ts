// Why a server command was refused: one error class per condition, each with a stable code.
// The gateway maps them to the spec's faults in one place (apps/api-gateway/src/http/domain-faults.ts):
// not found 404, a state conflict 409 (conflictingRequest/inProgress naming action and state),
// a bad argument 400.

/** No server in this stream (or it is DELETED, for anything but reads). */
export class ServerNotFoundError extends Error {
  readonly code = 'SERVER_NOT_FOUND';
  constructor(readonly command: string) {
    super(`Cannot '${command}': the server does not exist`);
    this.name = 'ServerNotFoundError';
  }
}

/** The stream already holds a server (a second CreateServer). */
export class ServerAlreadyExistsError extends Error {
  readonly code = 'SERVER_ALREADY_EXISTS';
  constructor(readonly command: string) {
    super(`Cannot '${command}': the server already exists`);
    this.name = 'ServerAlreadyExistsError';
  }
}

/**
 * The (vm_state, task_state) does not allow the command (server-allowed-states.ts), Nova's
 * InstanceInvalidState: "Cannot 'reboot' while instance is in vm_state BUILD task_state spawning".
 */
export class InvalidServerStateError extends Error {
  readonly code = 'INVALID_SERVER_STATE';
  constructor(
    readonly command: string,
    /** The API-facing action name (reboot, rebuild, createImage, delete, ...). */
    readonly action: string,
    readonly vmState: string,
    readonly taskState: string | null,
  ) {
    super(`Cannot '${action}' while instance is in vm_state ${vmState}${taskState ? ` task_state ${taskState}` : ''}`);
    this.name = 'InvalidServerStateError';
  }
}

/** A command's argument breaks a rule the decider owns (e.g. removing a floating IP never added). */
export class InvalidServerRequestError extends Error {
  readonly code = 'INVALID_SERVER_REQUEST';
  constructor(readonly command: string, message: string) {
    super(message);
    this.name = 'InvalidServerRequestError';
  }
}

/** A metadata item asked for by key is not there (404 itemNotFound). */
export class ServerMetadataItemNotFoundError extends Error {
  readonly code = 'SERVER_METADATA_ITEM_NOT_FOUND';
  constructor(readonly key: string) {
    super(`Metadata item '${key}' was not found`);
    this.name = 'ServerMetadataItemNotFoundError';
  }
}

export type ServerError = ServerNotFoundError | ServerAlreadyExistsError | InvalidServerStateError | InvalidServerRequestError | ServerMetadataItemNotFoundError;
