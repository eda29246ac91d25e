// What the invariant checker reports: per invariant (by name) whether it holds, what it looked
// at, and each violation naming the server, address, host, tenant, reservation or consumer at
// fault, so a failed chaos run says where to look.

export type InvariantName =
  | 'accepted-create-recorded'
  | 'server-settled'
  | 'error-has-fault'
  | 'compute-task-finished'
  | 'snapshot-settled'
  | 'projections-equal-replay'
  | 'server-row-equals-fold'
  | 'no-parked-event'
  | 'relay-caught-up'
  | 'consumers-caught-up'
  | 'address-held-once'
  | 'address-owner-live'
  | 'server-addresses-allocated'
  | 'host-within-capacity'
  | 'host-usage-equals-claims'
  | 'claim-owner-live'
  | 'placed-server-claimed'
  | 'quota-usage-equals-log'
  | 'quota-usage-equals-holdings'
  | 'no-open-reservation';

export interface Violation {
  invariant: InvariantName;
  /** What is at fault: `server <uuid>`, `address 10.0.0.7`, `host <name>`, `tenant <id>`, ... */
  subject: string;
  message: string;
}

export interface InvariantResult {
  name: InvariantName;
  /** The invariant of ../shared/DESIGN.md it serves (1 to 4) and how it is checked, in one line. */
  description: string;
  /** How many things it looked at (servers, rows, hosts, ...). */
  checked: number;
  /** Skipped (with the reason) when what it needs is not there (no NATS given, schema missing). */
  skipped?: string;
  violations: Violation[];
}

export interface InvariantReport {
  ok: boolean;
  checkedAt: string;
  seconds: number;
  /** Servers in the log by vm_state (their fold). */
  servers: Record<string, number>;
  results: InvariantResult[];
  violations: Violation[];
}

/** Builds one result; `violations` collected by the caller. */
export function result(name: InvariantName, description: string, checked: number, violations: Violation[], skipped?: string): InvariantResult {
  return { name, description, checked, violations, ...(skipped ? { skipped } : {}) };
}

export function violation(invariant: InvariantName, subject: string, message: string): Violation {
  return { invariant, subject, message };
}
