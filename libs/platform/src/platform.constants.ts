// Injection tokens the platform provides to every module of an app (see libs/platform/README.md).

/** The app's name, a string such as `scheduler`. */
export const APP_NAME = Symbol('APP_NAME');

/** The raw NATS connection (`NatsConnection` from @nats-io/transport-node) shared by the whole app. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');

/** The app's prom-client `Registry`, served on /metrics; register your own metrics on it. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** The app's pino `Logger`, for code that wants structured fields rather than Nest's Logger. */
export const PINO_LOGGER = Symbol('PINO_LOGGER');
