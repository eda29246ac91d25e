// The fleet: which hosts are down (the heartbeat's list), and work waiting until a host is up.

import { ComputeHostNotFoundError } from '@app/contracts';
import { HostFleet } from './host-fleet';
import { hostName, hostSpecs } from './host-names';

describe('the host fleet', () => {
  it('names hosts and spreads them over the zones round-robin', () => {
    expect(hostName('rack7', 1)).toBe('rack7-host-00001');
    expect(hostName('rack7', 123456)).toBe('rack7-host-123456');
    const specs = hostSpecs({ agentId: 'a', hostCount: 5, availabilityZones: ['az1', 'az2'], hostVcpus: 4, hostRamMb: 1024, hostDiskGb: 10 });
    expect(specs.map((s) => [s.name, s.availabilityZone])).toEqual([
      ['a-host-00001', 'az1'], ['a-host-00002', 'az2'], ['a-host-00003', 'az1'], ['a-host-00004', 'az2'], ['a-host-00005', 'az1'],
    ]);
  });

  it('lists the hosts that are down and refuses one it does not simulate', () => {
    const fleet = new HostFleet();
    fleet.load([{ name: 'b', up: true }, { name: 'a', up: false }, { name: 'c', up: false }]);
    expect(fleet.downHosts()).toEqual(['a', 'c']);
    fleet.set('a', true);
    expect(fleet.downHosts()).toEqual(['c']);
    expect(() => fleet.set('zz', true)).toThrow(ComputeHostNotFoundError);
  });

  it('lets work wait until its host is up, or give up when aborted', async () => {
    const fleet = new HostFleet();
    fleet.load([{ name: 'h', up: false }]);
    let woke = false;
    const waiting = fleet.waitUntilUp('h', new AbortController().signal).then(() => (woke = true));
    const abort = new AbortController();
    const abandoned = fleet.waitUntilUp('h', abort.signal);
    abort.abort(new Error('deleted'));
    await expect(abandoned).rejects.toThrow('deleted');
    await Promise.resolve();
    expect(woke).toBe(false);
    fleet.set('h', true);
    await waiting;
    expect(woke).toBe(true);
    await fleet.waitUntilUp('h', new AbortController().signal);
  });
});
