// The in-memory host states: table rows, liveness, claims in flight.
import type { ComputeHostRow } from './compute-hosts.repository';
import { HeartbeatMonitor } from './heartbeat-monitor';
import { HostManager } from './host-manager';

const row = (host: string, overrides: Partial<ComputeHostRow> = {}): ComputeHostRow => ({
  host, agent_id: 'a1', availability_zone: 'az1', vcpus: 4, ram_mb: 4096, disk_gb: 40, up: true, enabled: true, used_vcpus: 0, used_ram_mb: 0, used_disk_gb: 0, instances: 0, ...overrides,
});
const spec = { vcpus: 1, ramMb: 1024, diskGb: 10, availabilityZone: null };

function manager() {
  const heartbeats = new HeartbeatMonitor(1000);
  const hosts = new HostManager({ ram: 1.5, cpu: 16, disk: 1 }, heartbeats);
  return { heartbeats, hosts };
}

describe('HostManager', () => {
  it('resolves up from the reported state and the heartbeats, as time passes', () => {
    const { heartbeats, hosts } = manager();
    hosts.replaceAll([row('h1'), row('h2'), row('h3', { up: false })], 0);
    expect(hosts.hostStates(0).map((s) => s.up)).toEqual([false, false, false]);
    heartbeats.record({ agentId: 'a1', hostCount: 3, downHosts: ['h2'], at: '' }, 100);
    expect(hosts.hostStates(200).map((s) => s.up)).toEqual([true, false, false]);
    expect(hosts.hostStates(1100).map((s) => s.up)).toEqual([false, false, false]);
    expect(hosts.counts(1100)).toEqual({ up: 0, down: 3, disabled: 0 });
  });

  it('counts a claim in flight at once, after reloads too, until it is settled or reverted', () => {
    const { hosts } = manager();
    hosts.replaceAll([row('h1')], 0);
    hosts.consume('s1', 'h1', spec, 0);
    expect(hosts.hostStates(0)[0]).toMatchObject({ usedRamMb: 1024, vcpusUsed: 1, usedDiskGb: 10, numInstances: 1 });
    hosts.replaceAll([row('h1')], 1);
    expect(hosts.hostStates(1)[0].usedRamMb).toBe(1024);
    hosts.settle('s1');
    hosts.applyRow(row('h1', { used_ram_mb: 1024, used_vcpus: 1, used_disk_gb: 10, instances: 1 }));
    expect(hosts.hostStates(2)[0].usedRamMb).toBe(1024);
    hosts.consume('s2', 'h1', spec, 2);
    hosts.revert('s2');
    expect(hosts.hostStates(3)[0]).toMatchObject({ usedRamMb: 1024, numInstances: 1 });
  });

  it('adds hosts it learns of row by row and drops the ones a reload no longer has', () => {
    const { hosts } = manager();
    hosts.applyRow(row('h1'));
    hosts.applyRow(row('h2', { agent_id: 'a2' }));
    expect(hosts.size).toBe(2);
    expect(hosts.agentIds()).toEqual(new Set(['a1', 'a2']));
    hosts.replaceAll([row('h2')], 0);
    expect(hosts.hostStates(0).map((s) => s.host)).toEqual(['h2']);
  });
});
