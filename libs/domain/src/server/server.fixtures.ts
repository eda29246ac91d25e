// Test fixtures for the server decider's specs (only *.spec.ts import this; app builds exclude *.fixtures.ts): one server's
// events along the build path and the actions, `given(events).when(command).then(events)`,
// and the histories that put a server in each reachable (vm_state, task_state).

import { PowerState } from './power-state';
import type { ServerCommand } from './server.commands';
import { decideServer, foldServer } from './server.decider';
import type { ServerCreateRequested, ServerEvent, ServerFault } from './server.events';
import { serverStatus } from './server-status';
import type { ServerState } from './server.state';
import type { TaskState } from './task-state';
import type { VmState } from './vm-state';

export const T0 = '2012-05-08T22:10:27Z';
export const T1 = '2012-05-08T22:10:28Z';
export const T2 = '2012-05-08T22:10:30Z';
export const T3 = '2012-05-08T22:10:35Z';
export const T4 = '2012-05-08T22:10:41Z';
export const T5 = '2012-05-08T22:10:42Z';
export const T6 = '2012-05-08T22:11:10Z';
export const LATER = '2012-05-09T16:34:01Z';

export const HOST = 'compute-1';
export const FIXED_IP = '10.0.0.5';
export const AUTO_FLOATING_IP = '15.185.96.10';
export const ADDED_FLOATING_IP = '15.185.96.77';

export const createData: ServerCreateRequested['data'] = {
  serverId: 122745,
  tenantId: '11692683195772',
  userId: '28187593996363',
  name: 'webserver',
  imageUuid: 'a3c0c8f4-0000-4000-8000-000000000120',
  imageId: '120',
  flavorId: '100',
  vcpus: 1,
  ramMb: 1024,
  diskGb: 30,
  metadata: { 'Server Name': 'webserver', foo: 'bar' },
  personality: [{ path: '/etc/banner.txt', contents: 'aGVsbG8=' }],
  userData: null,
  keyName: 'openstack',
  publicKey: 'ssh-rsa AAAAB3Nza test@example',
  securityGroups: ['default'],
  configDrive: false,
  accessIPv4: '',
  accessIPv6: '',
  availabilityZone: null,
  reservationId: 'rsv-1',
  multiCreateId: 'r-3fhpjulh',
  requestedAt: T0,
};

export function fault(message: string, created = LATER): ServerFault {
  return { code: 500, message, details: `${message} (details)`, created };
}

export const created: ServerEvent = { type: 'ServerCreateRequested', data: createData };
export const scheduled: ServerEvent = { type: 'ServerScheduled', data: { host: HOST, agentId: 'agent-1', availabilityZone: 'az-1', scheduledAt: T1 } };
export const schedulingFailed: ServerEvent = { type: 'ServerSchedulingFailed', data: { fault: fault('No valid host was found. ', T1) } };
export const networkingStarted: ServerEvent = { type: 'ServerNetworkingStarted', data: { at: T2 } };
export const networkAllocated: ServerEvent = { type: 'ServerNetworkAllocated', data: { fixedIp: FIXED_IP, floatingIp: AUTO_FLOATING_IP, at: T2 } };
export const bdmStarted: ServerEvent = { type: 'ServerBlockDeviceMappingStarted', data: { at: T3 } };
export const spawningStarted: ServerEvent = { type: 'ServerSpawningStarted', data: { at: T4 } };
export const spawnProgressed: ServerEvent = { type: 'ServerSpawnProgressed', data: { progress: 40, at: T5 } };
export const built: ServerEvent = { type: 'ServerBuilt', data: { powerState: PowerState.Running, launchedAt: T6 } };
export const buildFailed: ServerEvent = { type: 'ServerBuildFailed', data: { step: 'networking', fault: fault('No more fixed IP addresses', T3) } };
export const softRebootRequested: ServerEvent = { type: 'ServerRebootRequested', data: { rebootType: 'SOFT', at: LATER } };
export const hardRebootRequested: ServerEvent = { type: 'ServerRebootRequested', data: { rebootType: 'HARD', at: LATER } };
export const rebuildRequested: ServerEvent = {
  type: 'ServerRebuildRequested',
  data: { imageUuid: 'a3c0c8f4-0000-4000-8000-000000000121', imageId: '121', name: 'rebuilt', personality: [], at: LATER },
};
export const snapshotRequested: ServerEvent = {
  type: 'ServerSnapshotRequested',
  data: { imageUuid: 'b5e0a6d2-0000-4000-8000-000000100001', imageId: '100001', name: 'snap-1', at: LATER },
};
export const deleteRequested: ServerEvent = { type: 'ServerDeleteRequested', data: { at: LATER } };
export const deleted: ServerEvent = { type: 'ServerDeleted', data: { tenantId: createData.tenantId, at: LATER } };
export const poweredOff: ServerEvent = { type: 'ServerPowerStateChanged', data: { powerState: PowerState.Shutdown, at: LATER } };
export const floatingIpAdded: ServerEvent = { type: 'ServerFloatingIpAdded', data: { address: ADDED_FLOATING_IP, at: LATER } };

/** The whole build, from the request to ACTIVE. */
export const BUILD_PATH: ServerEvent[] = [created, scheduled, networkingStarted, networkAllocated, bdmStarted, spawningStarted, built];
const ACTIVE = BUILD_PATH;
const STOPPED = [...ACTIVE, poweredOff];
const ERROR_ON_HOST = [created, scheduled, networkingStarted, buildFailed];

/** A server in one reachable (vm_state, task_state), and whether it has a host. */
export interface Situation {
  name: string;
  history: ServerEvent[];
  vmState: VmState | null;
  taskState: TaskState | null;
  hasHost: boolean;
}

function situation(history: ServerEvent[], note = ''): Situation {
  const state = foldServer(history);
  const status = state.vmState === null ? 'NONE' : serverStatus(state.vmState, state.taskState);
  return { name: `${status}${note}`, history, vmState: state.vmState, taskState: state.taskState, hasHost: state.host !== null };
}

/** Every (vm_state, task_state) a server of this system can be in, with a history that gets there. */
export const SITUATIONS: Situation[] = [
  situation([]),
  situation([created], ', no host yet'),
  situation([created, scheduled], ', on a host'),
  situation([created, scheduled, networkingStarted]),
  situation([created, scheduled, networkingStarted, networkAllocated, bdmStarted]),
  situation([created, scheduled, networkingStarted, networkAllocated, bdmStarted, spawningStarted]),
  situation([created, scheduled, deleteRequested]),
  situation(ACTIVE),
  situation([...ACTIVE, softRebootRequested]),
  situation([...ACTIVE, hardRebootRequested]),
  situation([...ACTIVE, rebuildRequested]),
  situation([...ACTIVE, snapshotRequested]),
  situation([...ACTIVE, deleteRequested]),
  situation(STOPPED),
  situation([...ACTIVE, softRebootRequested, poweredOff]),
  situation([...STOPPED, hardRebootRequested]),
  situation([...STOPPED, rebuildRequested]),
  situation([...STOPPED, snapshotRequested]),
  situation([...STOPPED, deleteRequested]),
  situation([created, schedulingFailed], ', no host'),
  situation(ERROR_ON_HOST, ', on a host'),
  situation([...ERROR_ON_HOST, hardRebootRequested]),
  situation([...ERROR_ON_HOST, rebuildRequested]),
  situation([...ERROR_ON_HOST, deleteRequested]),
  situation([...ACTIVE, deleteRequested, deleted]),
];

type ErrorClass = abstract new (...args: never[]) => Error;

export function given(events: ServerEvent[]) {
  const state: ServerState = foldServer(events);
  return {
    state,
    when: (command: ServerCommand) => ({
      then: (expected: ServerEvent[]): ServerState => {
        const decided = decideServer(command, state);
        expect(decided).toEqual(expected);
        return foldServer([...events, ...decided]);
      },
      thenThrows: (error: ErrorClass, fields?: Record<string, unknown>): void => {
        let thrown: unknown;
        try {
          decideServer(command, state);
        } catch (e) {
          thrown = e;
        }
        expect(thrown).toBeInstanceOf(error);
        if (fields) expect(thrown).toMatchObject(fields);
      },
    }),
  };
}
