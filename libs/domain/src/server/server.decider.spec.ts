// The server decider as given/when/then, grouped by state: the build path with its status
// strings, each two-phase action, a dead host, deletes with and without a host, and every
// refusal. The table itself is walked row by row in server-allowed-states.spec.ts. One file
// per aggregate's scenarios, as for the image decider, hence its length.

import { PowerState } from './power-state';
import type { ServerCommand } from './server.commands';
import { decideServer, evolveServer, foldServer, initialServerState, serverDecider } from './server.decider';
import {
  InvalidServerRequestError, InvalidServerStateError, ServerAlreadyExistsError, ServerMetadataItemNotFoundError, ServerNotFoundError,
} from './server.errors';
import type { ServerEvent } from './server.events';
import {
  ADDED_FLOATING_IP, AUTO_FLOATING_IP, BUILD_PATH, FIXED_IP, HOST, LATER, T0, T1, T2, T3, T4, T5, T6, bdmStarted, buildFailed, createData,
  created, deleteRequested, deleted, fault, floatingIpAdded, given, hardRebootRequested, networkAllocated, networkingStarted, poweredOff,
  rebuildRequested, scheduled, schedulingFailed, snapshotRequested, softRebootRequested, spawningStarted,
} from './server.fixtures';
import { serverStatus } from './server-status';
import type { ServerState } from './server.state';

const status = (s: ServerState) => (s.vmState === null ? 'NONE' : serverStatus(s.vmState, s.taskState));
const ACTIVE = BUILD_PATH;
const STOPPED = [...ACTIVE, poweredOff];

describe('server decider', () => {
  describe('no server yet', () => {
    it('accepts a create: BUILD(scheduling), counted from here (tenant, flavor sizes, reservation)', () => {
      const state = given([]).when({ type: 'CreateServer', data: createData }).then([created]);
      expect(status(state)).toBe('BUILD(scheduling)');
      expect(state).toMatchObject({
        exists: true, serverId: 122745, tenantId: '11692683195772', vcpus: 1, ramMb: 1024, diskGb: 30, host: null, progress: 0,
        powerState: PowerState.NoState, securityGroups: ['default'], reservationId: 'rsv-1', createdAt: T0, updatedAt: T0, fault: null,
      });
    });
    it('refuses anything else: the server does not exist', () => {
      given([]).when({ type: 'RebootServer', rebootType: 'HARD', at: LATER }).thenThrows(ServerNotFoundError, { command: 'RebootServer' });
      given([]).when({ type: 'DeleteServer', at: LATER }).thenThrows(ServerNotFoundError);
    });
    it('ignores events of a server it never saw created (the fold is total)', () => {
      expect(evolveServer(initialServerState(), scheduled)).toEqual(initialServerState());
    });
  });

  describe('the build path', () => {
    it('goes BUILD(scheduling) -> BUILD(networking) -> BUILD(block_device_mapping) -> BUILD(spawning) -> ACTIVE', () => {
      const steps: [ServerCommand, ServerEvent[], string][] = [
        [{ type: 'CreateServer', data: createData }, [created], 'BUILD(scheduling)'],
        [{ type: 'ScheduleServer', host: HOST, agentId: 'agent-1', availabilityZone: 'az-1', at: T1 }, [scheduled], 'BUILD(scheduling)'],
        [{ type: 'StartNetworking', at: T2 }, [networkingStarted], 'BUILD(networking)'],
        [{ type: 'RecordNetwork', fixedIp: FIXED_IP, floatingIp: AUTO_FLOATING_IP, at: T2 }, [networkAllocated], 'BUILD(networking)'],
        [{ type: 'StartBlockDeviceMapping', at: T3 }, [bdmStarted], 'BUILD(block_device_mapping)'],
        [{ type: 'StartSpawning', at: T4 }, [spawningStarted], 'BUILD(spawning)'],
        [{ type: 'ReportSpawnProgress', progress: 40, at: T5 }, [{ type: 'ServerSpawnProgressed', data: { progress: 40, at: T5 } }], 'BUILD(spawning)'],
        [{ type: 'FinishBuild', powerState: PowerState.Running, at: T6 }, [{ type: 'ServerBuilt', data: { powerState: PowerState.Running, launchedAt: T6 } }], 'ACTIVE'],
      ];
      let history: ServerEvent[] = [];
      for (const [command, events, expected] of steps) {
        const state = given(history).when(command).then(events);
        expect(status(state)).toBe(expected);
        history = [...history, ...events];
      }
      expect(foldServer(history)).toMatchObject({
        vmState: 'ACTIVE', taskState: null, powerState: PowerState.Running, progress: 100, host: HOST, agentId: 'agent-1',
        availabilityZone: 'az-1', fixedIp: FIXED_IP, autoFloatingIp: AUTO_FLOATING_IP, launchedAt: T6, updatedAt: T6,
      });
    });
    it('takes each step only from the one before it', () => {
      given([created]).when({ type: 'StartNetworking', at: T2 })
        .thenThrows(InvalidServerStateError, { action: 'startNetworking', vmState: 'BUILD', taskState: 'scheduling' });
      given([created, scheduled]).when({ type: 'ScheduleServer', host: 'compute-2', agentId: 'agent-2', availabilityZone: 'az-1', at: T2 })
        .thenThrows(InvalidServerStateError, { action: 'schedule' });
      given([created, scheduled, networkingStarted]).when({ type: 'StartSpawning', at: T4 })
        .thenThrows(InvalidServerStateError, { action: 'startSpawning', taskState: 'networking' });
      given(ACTIVE).when({ type: 'FinishBuild', powerState: PowerState.Running, at: T6 })
        .thenThrows(InvalidServerStateError, { vmState: 'ACTIVE', taskState: null });
    });
    it('records the same addresses twice as once (an agent restarted mid-step)', () => {
      given([created, scheduled, networkingStarted, networkAllocated])
        .when({ type: 'RecordNetwork', fixedIp: FIXED_IP, floatingIp: AUTO_FLOATING_IP, at: T3 }).then([]);
    });
    it('lets progress only rise, from 0 to 99', () => {
      const spawning = [created, scheduled, networkingStarted, networkAllocated, bdmStarted, spawningStarted];
      const at40 = [...spawning, { type: 'ServerSpawnProgressed', data: { progress: 40, at: T5 } } as ServerEvent];
      given(at40).when({ type: 'ReportSpawnProgress', progress: 30, at: T6 }).then([]);
      given(at40).when({ type: 'ReportSpawnProgress', progress: 40, at: T6 }).then([]);
      given(spawning).when({ type: 'ReportSpawnProgress', progress: 100, at: T6 }).thenThrows(InvalidServerRequestError);
      given(spawning).when({ type: 'ReportSpawnProgress', progress: 12.5, at: T6 }).thenThrows(InvalidServerRequestError);
    });
    it('fails scheduling: ERROR with "No valid host was found", no host', () => {
      const f = fault('No valid host was found. ', T1);
      const state = given([created]).when({ type: 'FailScheduling', fault: f }).then([schedulingFailed]);
      expect(state).toMatchObject({ vmState: 'ERROR', taskState: null, fault: f, host: null, updatedAt: T1 });
    });
    it('fails a build step: ERROR with the fault, the released addresses gone, the host kept', () => {
      const f = fault('No more fixed IP addresses', T3);
      const state = given([created, scheduled, networkingStarted]).when({ type: 'FailBuild', step: 'networking', fault: f }).then([buildFailed]);
      expect(state).toMatchObject({ vmState: 'ERROR', taskState: null, fault: f, fixedIp: null, autoFloatingIp: null, host: HOST });
      given([created, scheduled]).when({ type: 'FailBuild', step: 'networking', fault: f }).thenThrows(InvalidServerStateError, { action: 'failBuild' });
    });
  });

  describe('reboot', () => {
    it('SOFT: ACTIVE(rebooting), then ACTIVE', () => {
      const requested = given(ACTIVE).when({ type: 'RebootServer', rebootType: 'SOFT', at: LATER }).then([softRebootRequested]);
      expect(status(requested)).toBe('ACTIVE(rebooting)');
      const done = given([...ACTIVE, softRebootRequested]).when({ type: 'CompleteReboot', powerState: PowerState.Running, at: LATER })
        .then([{ type: 'ServerRebooted', data: { powerState: PowerState.Running, at: LATER } }]);
      expect(status(done)).toBe('ACTIVE');
    });
    it('refuses a SOFT reboot while one runs, with Nova\'s words', () => {
      expect(() => decideServer({ type: 'RebootServer', rebootType: 'SOFT', at: LATER }, foldServer([...ACTIVE, softRebootRequested])))
        .toThrow("Cannot 'reboot' while instance is in vm_state ACTIVE task_state rebooting");
    });
    it('lets a HARD reboot override a soft one; a second HARD one is the same reboot', () => {
      const state = given([...ACTIVE, softRebootRequested]).when({ type: 'RebootServer', rebootType: 'HARD', at: LATER }).then([hardRebootRequested]);
      expect(status(state)).toBe('ACTIVE(rebooting_hard)');
      given([...ACTIVE, hardRebootRequested]).when({ type: 'RebootServer', rebootType: 'HARD', at: LATER }).then([]);
    });
    it('refuses a reboot while building, rebuilding or snapshotting', () => {
      given([created]).when({ type: 'RebootServer', rebootType: 'HARD', at: LATER })
        .thenThrows(InvalidServerStateError, { action: 'reboot', vmState: 'BUILD', taskState: 'scheduling' });
      given([...ACTIVE, rebuildRequested]).when({ type: 'RebootServer', rebootType: 'HARD', at: LATER })
        .thenThrows(InvalidServerStateError, { taskState: 'rebuilding' });
      given([...ACTIVE, snapshotRequested]).when({ type: 'RebootServer', rebootType: 'SOFT', at: LATER })
        .thenThrows(InvalidServerStateError, { taskState: 'image_snapshot' });
    });
    it('fails: ERROR with the fault; a HARD reboot brings it back, the last fault still recorded (Nova keeps it)', () => {
      const f = fault('reboot failed');
      const failed = given([...ACTIVE, softRebootRequested]).when({ type: 'FailReboot', fault: f })
        .then([{ type: 'ServerRebootFailed', data: { fault: f } }]);
      expect(failed).toMatchObject({ vmState: 'ERROR', taskState: null, fault: f });
      const history: ServerEvent[] = [...ACTIVE, softRebootRequested, { type: 'ServerRebootFailed', data: { fault: f } }];
      given(history).when({ type: 'RebootServer', rebootType: 'SOFT', at: LATER }).thenThrows(InvalidServerStateError, { vmState: 'ERROR' });
      given(history).when({ type: 'RebootServer', rebootType: 'HARD', at: LATER }).then([hardRebootRequested]);
      const back = foldServer([...history, hardRebootRequested, { type: 'ServerRebooted', data: { powerState: PowerState.Running, at: LATER } }]);
      expect(back).toMatchObject({ vmState: 'ACTIVE', taskState: null, fault: f });
    });
    it('completes only while a reboot runs', () => {
      given(ACTIVE).when({ type: 'CompleteReboot', powerState: PowerState.Running, at: LATER }).thenThrows(InvalidServerStateError, { action: 'completeReboot' });
    });
  });

  describe('a dead host', () => {
    it('SHUTDOWN turns ACTIVE into STOPPED; the same report again changes nothing', () => {
      const state = given(ACTIVE).when({ type: 'ReportPowerState', powerState: PowerState.Shutdown, at: LATER }).then([poweredOff]);
      expect(state).toMatchObject({ vmState: 'STOPPED', powerState: PowerState.Shutdown, updatedAt: LATER });
      given(STOPPED).when({ type: 'ReportPowerState', powerState: PowerState.Shutdown, at: LATER }).then([]);
    });
    it('a STOPPED server: no soft reboot; a HARD reboot brings it back ACTIVE and RUNNING', () => {
      given(STOPPED).when({ type: 'RebootServer', rebootType: 'SOFT', at: LATER }).thenThrows(InvalidServerStateError, { action: 'reboot', vmState: 'STOPPED' });
      const rebooting = given(STOPPED).when({ type: 'RebootServer', rebootType: 'HARD', at: LATER }).then([hardRebootRequested]);
      expect(status(rebooting)).toBe('STOPPED(rebooting_hard)');
      const back = given([...STOPPED, hardRebootRequested]).when({ type: 'CompleteReboot', powerState: PowerState.Running, at: LATER })
        .then([{ type: 'ServerRebooted', data: { powerState: PowerState.Running, at: LATER } }]);
      expect(back).toMatchObject({ vmState: 'ACTIVE', taskState: null, powerState: PowerState.Running });
    });
    it('RUNNING keeps the vm_state; a power report leaves BUILD and ERROR as they are', () => {
      const running: ServerEvent = { type: 'ServerPowerStateChanged', data: { powerState: PowerState.Running, at: LATER } };
      expect(foldServer([...STOPPED, running]).vmState).toBe('STOPPED');
      expect(foldServer([created, poweredOff]).vmState).toBe('BUILD');
      expect(foldServer([created, schedulingFailed, poweredOff]).vmState).toBe('ERROR');
    });
  });

  describe('rebuild', () => {
    const command: ServerCommand = {
      type: 'RebuildServer', imageUuid: 'a3c0c8f4-0000-4000-8000-000000000121', imageId: '121', name: 'rebuilt',
      metadata: { role: 'db' }, personality: [{ path: '/etc/motd', contents: 'aGk=' }], accessIPv4: '67.23.10.132', at: LATER,
    };
    it('ACTIVE(rebuilding) showing the new image, name, metadata and access IP at once, progress 0', () => {
      const state = given(ACTIVE).when(command).then([{
        type: 'ServerRebuildRequested',
        data: {
          imageUuid: 'a3c0c8f4-0000-4000-8000-000000000121', imageId: '121', name: 'rebuilt', metadata: { role: 'db' },
          personality: [{ path: '/etc/motd', contents: 'aGk=' }], accessIPv4: '67.23.10.132', at: LATER,
        },
      }]);
      expect(status(state)).toBe('ACTIVE(rebuilding)');
      expect(state).toMatchObject({ imageId: '121', name: 'rebuilt', metadata: { role: 'db' }, accessIPv4: '67.23.10.132', accessIPv6: '', progress: 0 });
    });
    it('keeps what the rebuild does not name', () => {
      const state = foldServer([...ACTIVE, rebuildRequested]);
      expect(state).toMatchObject({ name: 'rebuilt', metadata: createData.metadata, personality: [] });
    });
    it('then ACTIVE, progress 100, launched again; or ERROR with the fault', () => {
      const done = given([...ACTIVE, rebuildRequested]).when({ type: 'CompleteRebuild', powerState: PowerState.Running, at: LATER })
        .then([{ type: 'ServerRebuilt', data: { powerState: PowerState.Running, at: LATER } }]);
      expect(done).toMatchObject({ vmState: 'ACTIVE', taskState: null, progress: 100, launchedAt: LATER, imageId: '121' });
      const f = fault('rebuild failed');
      const failed = given([...ACTIVE, rebuildRequested]).when({ type: 'FailRebuild', fault: f }).then([{ type: 'ServerRebuildFailed', data: { fault: f } }]);
      expect(failed).toMatchObject({ vmState: 'ERROR', taskState: null, fault: f });
    });
    it('from STOPPED and ERROR too, never while building or while another task runs', () => {
      given(STOPPED).when(command).then(decideServer(command, foldServer(STOPPED)));
      expect(status(foldServer([created, schedulingFailed, ...decideServer(command, foldServer([created, schedulingFailed]))]))).toBe('ERROR(rebuilding)');
      given([created, scheduled]).when(command).thenThrows(InvalidServerStateError, { action: 'rebuild', vmState: 'BUILD', taskState: 'scheduling' });
      given([...ACTIVE, rebuildRequested]).when(command).thenThrows(InvalidServerStateError, { action: 'rebuild', taskState: 'rebuilding' });
    });
  });

  describe('createImage', () => {
    const command: ServerCommand = { type: 'CreateServerImage', imageUuid: 'b5e0a6d2-0000-4000-8000-000000100001', imageId: '100001', name: 'snap-1', at: LATER };
    it('ACTIVE(image_snapshot) with the image it writes, then ACTIVE', () => {
      const state = given(ACTIVE).when(command).then([snapshotRequested]);
      expect(status(state)).toBe('ACTIVE(image_snapshot)');
      expect(state.snapshotImageUuid).toBe('b5e0a6d2-0000-4000-8000-000000100001');
      const done = given([...ACTIVE, snapshotRequested]).when({ type: 'CompleteSnapshot', at: LATER })
        .then([{ type: 'ServerSnapshotCompleted', data: { imageUuid: 'b5e0a6d2-0000-4000-8000-000000100001', at: LATER } }]);
      expect(done).toMatchObject({ vmState: 'ACTIVE', taskState: null, snapshotImageUuid: null });
    });
    it('fails: the task cleared, the vm_state unchanged, the reason carried for the image', () => {
      const failed = given([...STOPPED, snapshotRequested]).when({ type: 'FailSnapshot', reason: 'disk full', at: LATER })
        .then([{ type: 'ServerSnapshotFailed', data: { imageUuid: 'b5e0a6d2-0000-4000-8000-000000100001', reason: 'disk full', at: LATER } }]);
      expect(status(failed)).toBe('STOPPED');
    });
    it('refuses a second snapshot while one runs, and a snapshot of an ERROR server', () => {
      given([...ACTIVE, snapshotRequested]).when(command).thenThrows(InvalidServerStateError, { action: 'createImage', taskState: 'image_snapshot' });
      given([created, schedulingFailed]).when(command).thenThrows(InvalidServerStateError, { action: 'createImage', vmState: 'ERROR' });
    });
  });

  describe('delete', () => {
    it('a server on a host: (deleting), then the compute agent completes it: DELETED', () => {
      const deleting = given(ACTIVE).when({ type: 'DeleteServer', at: LATER }).then([deleteRequested]);
      expect(status(deleting)).toBe('ACTIVE(deleting)');
      const gone = given([...ACTIVE, deleteRequested]).when({ type: 'CompleteDelete', at: LATER }).then([deleted]);
      expect(gone).toMatchObject({ vmState: 'DELETED', taskState: null, deletedAt: LATER, fixedIp: null, autoFloatingIp: null, powerState: PowerState.NoState });
    });
    it('a server with no host is deleted at once (Nova\'s local delete)', () => {
      given([created]).when({ type: 'DeleteServer', at: LATER }).then([deleteRequested, deleted]);
      const gone = given([created, schedulingFailed]).when({ type: 'DeleteServer', at: LATER }).then([deleteRequested, deleted]);
      expect(gone).toMatchObject({ vmState: 'DELETED', taskState: null, deletedAt: LATER });
    });
    it('a delete while deleting decides nothing', () => {
      given([...ACTIVE, deleteRequested]).when({ type: 'DeleteServer', at: LATER }).then([]);
    });
    it('overrides any task, even a build; the build then stops at its next step', () => {
      given([...ACTIVE, rebuildRequested]).when({ type: 'DeleteServer', at: LATER }).then([deleteRequested]);
      const history = [created, scheduled, networkingStarted, deleteRequested];
      expect(status(foldServer(history))).toBe('BUILD(deleting)');
      given(history).when({ type: 'StartBlockDeviceMapping', at: T3 }).thenThrows(InvalidServerStateError, { taskState: 'deleting' });
    });
    it('a DELETED server is not found, for every command; it cannot be created again', () => {
      const gone = [...ACTIVE, deleteRequested, deleted];
      given(gone).when({ type: 'DeleteServer', at: LATER }).thenThrows(ServerNotFoundError);
      given(gone).when({ type: 'CompleteDelete', at: LATER }).thenThrows(ServerNotFoundError);
      given(gone).when({ type: 'SetServerMetadataItem', key: 'a', value: 'b', at: LATER }).thenThrows(ServerNotFoundError);
      given(gone).when({ type: 'CreateServer', data: createData }).thenThrows(ServerAlreadyExistsError);
      given(ACTIVE).when({ type: 'CreateServer', data: createData }).thenThrows(ServerAlreadyExistsError);
    });
    it('completes only while deleting', () => {
      given(ACTIVE).when({ type: 'CompleteDelete', at: LATER }).thenThrows(InvalidServerStateError, { action: 'completeDelete', vmState: 'ACTIVE', taskState: null });
    });
  });

  describe('name, access IPs and metadata (any live state)', () => {
    it('updates only the fields given; none given decides nothing', () => {
      const state = given([created]).when({ type: 'UpdateServer', name: 'new-name', at: LATER })
        .then([{ type: 'ServerUpdated', data: { name: 'new-name', at: LATER } }]);
      expect(state).toMatchObject({ name: 'new-name', accessIPv4: '', updatedAt: LATER });
      given(ACTIVE).when({ type: 'UpdateServer', at: LATER }).then([]);
    });
    it('merges on update, replaces on replace: the event carries the whole result', () => {
      given(ACTIVE).when({ type: 'UpdateServerMetadata', metadata: { foo: 'baz', x: '1' }, at: LATER })
        .then([{ type: 'ServerMetadataSet', data: { metadata: { 'Server Name': 'webserver', foo: 'baz', x: '1' }, at: LATER } }]);
      const state = given(ACTIVE).when({ type: 'ReplaceServerMetadata', metadata: { x: '1' }, at: LATER })
        .then([{ type: 'ServerMetadataSet', data: { metadata: { x: '1' }, at: LATER } }]);
      expect(state.metadata).toEqual({ x: '1' });
    });
    it('sets and deletes one item; deleting a missing key is itemNotFound', () => {
      const set = given(ACTIVE).when({ type: 'SetServerMetadataItem', key: 'k', value: 'v', at: LATER })
        .then([{ type: 'ServerMetadataItemSet', data: { key: 'k', value: 'v', at: LATER } }]);
      expect(set.metadata).toEqual({ ...createData.metadata, k: 'v' });
      const removed = given(ACTIVE).when({ type: 'DeleteServerMetadataItem', key: 'foo', at: LATER })
        .then([{ type: 'ServerMetadataItemDeleted', data: { key: 'foo', at: LATER } }]);
      expect(removed.metadata).toEqual({ 'Server Name': 'webserver' });
      given(ACTIVE).when({ type: 'DeleteServerMetadataItem', key: 'nope', at: LATER }).thenThrows(ServerMetadataItemNotFoundError, { key: 'nope' });
    });
  });

  describe('security groups and floating IPs', () => {
    it('adds a group by name and refuses one already there', () => {
      const state = given(ACTIVE).when({ type: 'AddSecurityGroup', name: 'web', at: LATER })
        .then([{ type: 'ServerSecurityGroupAdded', data: { name: 'web', at: LATER } }]);
      expect(state.securityGroups).toEqual(['default', 'web']);
      given(ACTIVE).when({ type: 'AddSecurityGroup', name: 'default', at: LATER }).thenThrows(InvalidServerRequestError);
    });
    it('removes a group it has and refuses one it has not', () => {
      const state = given(ACTIVE).when({ type: 'RemoveSecurityGroup', name: 'default', at: LATER })
        .then([{ type: 'ServerSecurityGroupRemoved', data: { name: 'default', at: LATER } }]);
      expect(state.securityGroups).toEqual([]);
      given(ACTIVE).when({ type: 'RemoveSecurityGroup', name: 'web', at: LATER }).thenThrows(InvalidServerRequestError);
    });
    it('adds a floating IP; adding one it already has decides nothing', () => {
      const state = given(ACTIVE).when({ type: 'AddFloatingIp', address: ADDED_FLOATING_IP, at: LATER }).then([floatingIpAdded]);
      expect(state.addedFloatingIps).toEqual([ADDED_FLOATING_IP]);
      given([...ACTIVE, floatingIpAdded]).when({ type: 'AddFloatingIp', address: ADDED_FLOATING_IP, at: LATER }).then([]);
      given(ACTIVE).when({ type: 'AddFloatingIp', address: AUTO_FLOATING_IP, at: LATER }).then([]);
    });
    it('removes only an address added with addFloatingIp (not the one given at build)', () => {
      const state = given([...ACTIVE, floatingIpAdded]).when({ type: 'RemoveFloatingIp', address: ADDED_FLOATING_IP, at: LATER })
        .then([{ type: 'ServerFloatingIpRemoved', data: { address: ADDED_FLOATING_IP, at: LATER } }]);
      expect(state.addedFloatingIps).toEqual([]);
      given(ACTIVE).when({ type: 'RemoveFloatingIp', address: AUTO_FLOATING_IP, at: LATER }).thenThrows(InvalidServerRequestError, { command: 'RemoveFloatingIp' });
    });
  });

  describe('the fold', () => {
    it('is pure: the same events give the same state, updatedAt from the events alone', () => {
      const history = [...ACTIVE, softRebootRequested, poweredOff];
      expect(foldServer(history)).toEqual(foldServer(history));
      expect(foldServer(history).updatedAt).toBe(LATER);
      expect(foldServer([created, scheduled]).updatedAt).toBe(T1);
    });
    it('is what DeciderRunner needs: initialState, evolve, decide, isEvent', () => {
      expect(serverDecider.initialState()).toEqual(initialServerState());
      expect(serverDecider.isEvent({ type: 'ServerBuilt' })).toBe(true);
      expect(serverDecider.isEvent({ type: 'ImageDeleted' })).toBe(false);
      expect([created, scheduled].reduce(serverDecider.evolve, serverDecider.initialState()).host).toBe(HOST);
      expect(serverDecider.decide({ type: 'DeleteServer', at: LATER }, foldServer([created]))).toHaveLength(2);
    });
  });
});
