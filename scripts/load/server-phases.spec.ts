// Server-side phases as spans between the events of one server stream.

import { phasesFromEvents, serverPhasesOf } from './server-phases';

describe('phases from a server stream', () => {
  const build = [
    { type: 'ServerCreateRequested', at: 1000 },
    { type: 'ServerScheduled', at: 1004.5 },
    { type: 'ServerNetworkingStarted', at: 1010 },
    { type: 'ServerNetworkAllocated', at: 1015 },
    { type: 'ServerBlockDeviceMappingStarted', at: 1020 },
    { type: 'ServerSpawningStarted', at: 1021 },
    { type: 'ServerBuilt', at: 1030 },
  ];

  it('measures scheduling, dispatch, networking, block_device_mapping, spawning and the whole build', () => {
    expect(phasesFromEvents(build)).toEqual({ scheduling: 4.5, dispatch: 5.5, networking: 10, block_device_mapping: 1, spawning: 9, build: 30 });
  });

  it('measures reboot, snapshot and delete from their request to their completion', () => {
    const events = [
      ...build,
      { type: 'ServerRebootRequested', at: 2000 },
      { type: 'ServerRebooted', at: 2003 },
      { type: 'ServerSnapshotRequested', at: 3000 },
      { type: 'ServerSnapshotCompleted', at: 3040 },
      { type: 'ServerDeleteRequested', at: 4000 },
      { type: 'ServerDeleted', at: 4012 },
    ];
    expect(phasesFromEvents(events)).toMatchObject({ server_reboot: 3, server_snapshot: 40, server_delete: 12 });
  });

  it('leaves out a phase that did not finish (a build that failed at spawning)', () => {
    const failed = [...build.slice(0, 6), { type: 'ServerBuildFailed', at: 1025 }];
    const phases = phasesFromEvents(failed);
    expect(phases).toHaveProperty('block_device_mapping');
    expect(phases).not.toHaveProperty('spawning');
    expect(phases).not.toHaveProperty('build');
  });

  it('names the phases each scenario goes through', () => {
    expect(serverPhasesOf('boot-reboot-delete')).toEqual(['scheduling', 'dispatch', 'networking', 'block_device_mapping', 'spawning', 'build', 'server_reboot', 'server_delete']);
    expect(serverPhasesOf('create-and-delete-floating-ip')).toEqual([]);
  });
});
