// task_state is what is happening to a server right now, or null when nothing is. A task
// acts as a lock: while one is set, actions that would conflict are refused (409).
// Nova: nova/compute/task_states.py

export const TaskState = {
  // Building
  Scheduling: 'scheduling',
  Networking: 'networking',
  BlockDeviceMapping: 'block_device_mapping',
  Spawning: 'spawning',
  // Actions on a running server
  Rebooting: 'rebooting',
  RebootingHard: 'rebooting_hard',
  Rebuilding: 'rebuilding',
  ImageSnapshot: 'image_snapshot',
  Deleting: 'deleting',
} as const;

export type TaskState = (typeof TaskState)[keyof typeof TaskState];
