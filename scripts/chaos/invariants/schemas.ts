// The schemas the checker reads, named as the apps name them by default (APP_SCHEMA overrides
// them per app; the same variables as npm run replay where they overlap).

export interface StackSchemas {
  eventStore: string;
  gateway: string;
  scheduler: string;
  computeAgent: string;
  network: string;
  quota: string;
}

export function stackSchemasFrom(env: NodeJS.ProcessEnv): StackSchemas {
  return {
    eventStore: env.EVENT_STORE_SCHEMA ?? 'event_store',
    gateway: env.API_GATEWAY_SCHEMA ?? 'api_gateway',
    scheduler: env.SCHEDULER_SCHEMA ?? 'scheduler',
    computeAgent: env.COMPUTE_AGENT_SCHEMA ?? 'compute_agent',
    network: env.NETWORK_SCHEMA ?? 'network',
    quota: env.QUOTA_SCHEMA ?? 'quota',
  };
}

/** `"schema"`, for SQL. */
export function q(schema: string): string {
  return `"${schema.replace(/"/g, '""')}"`;
}
