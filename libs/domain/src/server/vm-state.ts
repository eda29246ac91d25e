// vm_state is the stable state of a server: what it is when nothing is in flight.
// It changes only when an action completes (or fails), never while one runs: that is
// task_state's job. The values are the spec's "Server States" list (HP Cloud spells
// Nova's BUILDING as BUILD). Nova: nova/compute/vm_states.py

export const VmState = {
  Active: 'ACTIVE',
  Build: 'BUILD',
  Rebuild: 'REBUILD',
  Stopped: 'STOPPED',
  Migrating: 'MIGRATING',
  Resizing: 'RESIZING',
  Paused: 'PAUSED',
  Suspended: 'SUSPENDED',
  Rescue: 'RESCUE',
  Error: 'ERROR',
  Deleted: 'DELETED',
} as const;

export type VmState = (typeof VmState)[keyof typeof VmState];
