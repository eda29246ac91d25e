// Where a build picks up from, read from the server's state: each step once, after a crash too.

import { initialServerState, type ServerState, TaskState, VmState } from '@app/domain/server';
import { nextBuildAction } from './build-progress';

const building = (changes: Partial<ServerState>): ServerState => ({ ...initialServerState(), exists: true, vmState: VmState.Build, host: 'h', ...changes });

describe('nextBuildAction', () => {
  it.each([
    ['scheduled', building({ taskState: TaskState.Scheduling }), { next: 'start_networking' }],
    ['networking, no address yet', building({ taskState: TaskState.Networking }), { next: 'allocate_network' }],
    ['networking, addresses recorded', building({ taskState: TaskState.Networking, fixedIp: '10.0.0.2' }), { next: 'start_block_device_mapping' }],
    ['block_device_mapping', building({ taskState: TaskState.BlockDeviceMapping }), { next: 'prepare_block_devices' }],
    ['spawning at 40%', building({ taskState: TaskState.Spawning, progress: 40 }), { next: 'spawn', from: 40 }],
    ['ACTIVE', building({ vmState: VmState.Active, taskState: null }), { next: 'done', outcome: 'active' }],
    ['ERROR', building({ vmState: VmState.Error, taskState: null }), { next: 'done', outcome: 'error' }],
    ['deleting mid-build', building({ taskState: TaskState.Deleting }), { next: 'done', outcome: 'deleting' }],
    ['DELETED', building({ vmState: VmState.Deleted, taskState: null }), { next: 'done', outcome: 'gone' }],
    ['no server', initialServerState(), { next: 'done', outcome: 'gone' }],
  ])('%s', (_name, state, next) => {
    expect(nextBuildAction(state)).toEqual(next);
  });
});
