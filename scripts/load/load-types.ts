// The load tool's public shapes: what `runLoad` takes and what it reports. Re-exported by
// run-load.ts, which is the module other tools (the chaos runner) import.

export type ScenarioName = 'boot-and-delete' | 'boot-and-list' | 'boot-reboot-delete' | 'boot-snapshot-delete' | 'create-and-delete-floating-ip';

export const SCENARIOS: readonly ScenarioName[] = ['boot-and-delete', 'boot-and-list', 'boot-reboot-delete', 'boot-snapshot-delete', 'create-and-delete-floating-ip'];

/** Rally's runners: N workers for `times` iterations, or iterations started at a constant rate. */
export type Runner = { type: 'concurrency'; concurrency: number; times: number } | { type: 'rate'; perSecond: number; durationSeconds: number };

export interface Credentials {
  username: string;
  password: string;
  tenantName: string;
}

export interface LoadOptions {
  /** The gateway, e.g. http://127.0.0.1:8774. */
  baseUrl: string;
  scenario: ScenarioName;
  runner: Runner;
  /** Iterations go to these tenants in turn (round robin). */
  tenants: Credentials[];
  /** Default '120'. */
  imageRef?: string;
  /** Default '100'. */
  flavorRef?: string;
  /** Seeds the server names and the polling jitter. Default 1. */
  seed?: number;
  /** Read per-phase durations from the servers' events in this database. */
  databaseUrl?: string;
  /** The event log's schema (default EVENT_STORE_SCHEMA or 'event_store'). */
  eventStoreSchema?: string;
  /** When given, the tenants' quotas (instances, cores, ram, floating_ips) are set to -1 first. */
  adminCredentials?: Credentials;
  /** A progress bar on stderr. */
  progress?: boolean;
  /** Per server (or image) to reach ACTIVE / DELETED. Default 120000. */
  timeoutMs?: number;
  /** Per HTTP request. Default 30000. */
  requestTimeoutMs?: number;
  sla?: { maxFailureRate?: number; maxP95Ms?: Record<string, number> };
  /** Extra metadata on every server the run boots (behaviour criteria can match it). */
  serverMetadata?: Record<string, string>;
  /** Server names are `<prefix>-<iteration>-<random>`. Default 'load'. */
  namePrefix?: string;
  /** Stops starting iterations once aborted; the ones running finish and are reported. */
  signal?: AbortSignal;
}

export interface ServerOutcome {
  uuid: string | null;
  id: string | null;
  tenantId: string;
  /** A 202 was received for its create. */
  accepted: boolean;
  /** The last status seen: ACTIVE, ERROR, BUILD(...), DELETED, ... */
  finalStatus: string | null;
  error?: string;
}

export interface IterationReport {
  ok: boolean;
  error?: string;
  errorType?: string;
  /** When the iteration was due to start (the rate runner's schedule), ISO time. */
  startedAt: string;
  /** Phase name -> ms. Client phases, plus the server's own phases with a database URL. */
  durations: Record<string, number>;
  /** Its index in the run. */
  index: number;
  tenant: string;
  /** How late it actually started after it was due, ms (rate runner; 0 for concurrency). */
  lagMs: number;
}

export interface PhaseStats {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface SlaCheck {
  name: string;
  limit: number;
  actual: number;
  passed: boolean;
}

export interface LoadReport {
  scenario: ScenarioName;
  runner: Runner;
  startedAt: string;
  finishedAt: string;
  iterations: IterationReport[];
  servers: ServerOutcome[];
  phases: Record<string, PhaseStats>;
  failureRate: number;
  sla: { passed: boolean; checks: SlaCheck[] };
  /** Tenant names used, in round-robin order. */
  tenants: string[];
  /** Whether the server-side phases were read from the events. */
  serverPhasesFromEvents: boolean;
  /** What the run could not do but did not stop for (the events unreadable, ...). */
  warnings: string[];
}

/** Bad options: the CLI exits 2. */
export class LoadArgumentError extends Error {
  override readonly name = 'LoadArgumentError';
}

/** The stack cannot be reached, or a tenant cannot get a token, or quotas cannot be lifted: the CLI exits 2. */
export class LoadSetupError extends Error {
  override readonly name = 'LoadSetupError';
}
