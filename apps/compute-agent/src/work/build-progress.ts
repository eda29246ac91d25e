// Where a build stands, read from the server's state alone: what the agent does next. A build
// picks up from here after a crash or a retry, so every step is done once whatever happened
// before (the state says a step is done; the decider refuses to do it again).

import { type ServerState, TaskState, VmState } from '@app/domain/server';

export type NextBuildAction =
  | { next: 'start_networking' }
  | { next: 'allocate_network' }
  | { next: 'start_block_device_mapping' }
  | { next: 'prepare_block_devices' }
  | { next: 'spawn'; from: number }
  /** Nothing left to do: the build ended (active, error), or a delete took over, or it is gone. */
  | { next: 'done'; outcome: 'active' | 'error' | 'deleting' | 'gone' };

export function nextBuildAction(state: ServerState): NextBuildAction {
  if (!state.exists || state.vmState === VmState.Deleted) return { next: 'done', outcome: 'gone' };
  if (state.taskState === TaskState.Deleting) return { next: 'done', outcome: 'deleting' };
  if (state.vmState === VmState.Error) return { next: 'done', outcome: 'error' };
  if (state.vmState !== VmState.Build) return { next: 'done', outcome: 'active' };
  switch (state.taskState) {
    case TaskState.Networking:
      return state.fixedIp === null ? { next: 'allocate_network' } : { next: 'start_block_device_mapping' };
    case TaskState.BlockDeviceMapping:
      return { next: 'prepare_block_devices' };
    case TaskState.Spawning:
      return { next: 'spawn', from: state.progress };
    default:
      return { next: 'start_networking' };
  }
}
