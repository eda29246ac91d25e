// power_state is what the hypervisor reports about the guest, independently of what the
// control plane intends: a server can be ACTIVE in vm_state while its host says SHUTDOWN,
// which is how a dead host shows up. Numeric codes as Nova stores them.
// Nova: nova/compute/power_state.py

export const PowerState = {
  NoState: 0,
  Running: 1,
  Paused: 3,
  Shutdown: 4,
  Crashed: 6,
  Suspended: 7,
} as const;

export type PowerState = (typeof PowerState)[keyof typeof PowerState];
