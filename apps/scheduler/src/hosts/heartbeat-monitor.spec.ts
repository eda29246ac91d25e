// Liveness from heartbeats: fresh and not listed down.
import { HeartbeatMonitor, parseHeartbeat } from './heartbeat-monitor';

const beat = (agentId: string, downHosts: string[] = []) => ({ agentId, hostCount: 2, downHosts, at: '2026-01-01T00:00:00Z' });
const bytes = (x: unknown) => new TextEncoder().encode(JSON.stringify(x));

describe('HeartbeatMonitor', () => {
  it('keeps an agent\'s hosts up while its last heartbeat is younger than the service down time', () => {
    const m = new HeartbeatMonitor(10_000);
    expect(m.isUp('a1', 'a1-host-1', 0)).toBe(false);
    m.record(beat('a1'), 1000);
    expect(m.isUp('a1', 'a1-host-1', 10_999)).toBe(true);
    expect(m.isUp('a1', 'a1-host-1', 11_000)).toBe(false);
    expect(m.upUntil(5000)).toBe(11_000);
    expect(m.upUntil(11_000)).toBe(Infinity);
  });

  it('counts the hosts a heartbeat lists in downHosts as down', () => {
    const m = new HeartbeatMonitor(10_000);
    m.record(beat('a1', ['a1-host-2']), 0);
    expect(m.isUp('a1', 'a1-host-1', 1)).toBe(true);
    expect(m.isUp('a1', 'a1-host-2', 1)).toBe(false);
    m.record(beat('a1'), 2);
    expect(m.isUp('a1', 'a1-host-2', 3)).toBe(true);
  });

  it('changes its version only when an answer changes other than by time passing', () => {
    const m = new HeartbeatMonitor(1000);
    m.record(beat('a1'), 0);
    const v = m.version;
    m.record(beat('a1'), 500);
    expect(m.version).toBe(v);
    m.record(beat('a1', ['x']), 600);
    expect(m.version).toBe(v + 1);
    m.record(beat('a1', ['x']), 5000);
    expect(m.version).toBe(v + 2);
  });

  it('reads a heartbeat as JSON or inside Nest\'s event envelope, and nothing else', () => {
    expect(parseHeartbeat(bytes(beat('a1', ['h'])))).toEqual(beat('a1', ['h']));
    expect(parseHeartbeat(bytes({ pattern: 'compute.heartbeat', data: beat('a1') }))).toEqual(beat('a1'));
    expect(parseHeartbeat(bytes({ agentId: 'a b', downHosts: [] }))).toBeNull();
    expect(parseHeartbeat(bytes({ agentId: 'a1', downHosts: 'h' }))).toBeNull();
    expect(parseHeartbeat(new TextEncoder().encode('{'))).toBeNull();
  });
});
