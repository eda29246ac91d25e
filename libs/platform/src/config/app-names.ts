// The five apps of the stack: their names, their default HTTP ports and their Postgres schemas.

/** Default HTTP port per app; the api-gateway takes Nova's own API port. */
export const DEFAULT_HTTP_PORTS = {
  'api-gateway': 8774,
  scheduler: 8781,
  'compute-agent': 8782,
  network: 8783,
  quota: 8784,
} as const;

export type AppName = keyof typeof DEFAULT_HTTP_PORTS;

export const APP_NAMES = Object.keys(DEFAULT_HTTP_PORTS) as AppName[];

/** `compute-agent` -> `compute_agent`: the Postgres schema an app owns. */
export function defaultSchemaOf(app: AppName): string {
  return app.replace(/-/g, '_');
}

/** `compute-agent` -> `COMPUTE_AGENT_PORT`: the variable that sets an app's HTTP port. */
export function portVariableOf(app: AppName): string {
  return `${app.replace(/-/g, '_').toUpperCase()}_PORT`;
}
