// The status string the API shows for a server: VM_STATE, or VM_STATE(task_state) while a
// task runs, e.g. BUILD(spawning) or ACTIVE(rebooting) (spec section 2, "Server States").

import type { TaskState } from './task-state';
import type { VmState } from './vm-state';

export function serverStatus(vmState: VmState, taskState: TaskState | null): string {
  return taskState ? `${vmState}(${taskState})` : vmState;
}
