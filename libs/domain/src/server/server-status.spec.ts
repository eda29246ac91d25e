// The API's status string is vm_state alone, or vm_state(task_state) while a task runs.

import { serverStatus } from './server-status';
import { TaskState } from './task-state';
import { VmState } from './vm-state';

describe('serverStatus', () => {
  it('shows the vm_state alone when no task runs', () => {
    expect(serverStatus(VmState.Active, null)).toBe('ACTIVE');
  });
  it('shows the task in parentheses while one runs', () => {
    expect(serverStatus(VmState.Build, TaskState.Spawning)).toBe('BUILD(spawning)');
    expect(serverStatus(VmState.Active, TaskState.RebootingHard)).toBe('ACTIVE(rebooting_hard)');
  });
});
