// Benchmark of one scheduling decision in memory: the filters and the weigher over 10,000
// host states (what the 'scheduler' consumer does before it claims), with liveness resolved
// from heartbeats as in the app. Prints p50/p99/max; records nothing; needs no database.
// Run: npm run bench:scheduler   (BENCH_HOSTS=50000 BENCH_DECISIONS=5000 to change the sizes)

import { DEFAULT_FILTERS } from '../apps/scheduler/src/filters/default-filters';
import type { ComputeHostRow } from '../apps/scheduler/src/hosts/compute-hosts.repository';
import { HeartbeatMonitor } from '../apps/scheduler/src/hosts/heartbeat-monitor';
import { HostManager } from '../apps/scheduler/src/hosts/host-manager';
import type { RequestSpec } from '../apps/scheduler/src/hosts/host-state';
import { selectHost } from '../apps/scheduler/src/scheduling/filter-scheduler';
import { ramWeigher } from '../apps/scheduler/src/weighers/ram.weigher';

const HOSTS = Number(process.env.BENCH_HOSTS ?? '10000');
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? '2000');
const AGENTS = 20;
const ZONES = ['az1', 'az2', 'az3'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function hostRows(): ComputeHostRow[] {
  return Array.from({ length: HOSTS }, (_, i) => {
    const ramMb = [16384, 32768, 65536][i % 3];
    return {
      host: `agent${i % AGENTS}-host-${String(i).padStart(5, '0')}`, agent_id: `agent${i % AGENTS}`, availability_zone: ZONES[i % ZONES.length],
      vcpus: 16, ram_mb: ramMb, disk_gb: 500, up: i % 50 !== 0, enabled: i % 97 !== 0,
      used_vcpus: i % 17, used_ram_mb: (i * 977) % ramMb, used_disk_gb: (i * 13) % 400, instances: i % 9,
    };
  });
}

function main(): void {
  const heartbeats = new HeartbeatMonitor(10_000);
  const hosts = new HostManager({ ram: 1.5, cpu: 16, disk: 1.0 }, heartbeats);
  const now = Date.now();
  hosts.replaceAll(hostRows(), now);
  for (let a = 0; a < AGENTS; a++) heartbeats.record({ agentId: `agent${a}`, hostCount: HOSTS / AGENTS, downHosts: a === 0 ? ['agent0-host-00000'] : [], at: '' }, now);
  const policy = { filters: DEFAULT_FILTERS, weighers: [ramWeigher(1.0)], subsetSize: 1 };
  const specs: RequestSpec[] = [
    { vcpus: 1, ramMb: 512, diskGb: 10, availabilityZone: null },
    { vcpus: 4, ramMb: 8192, diskGb: 80, availabilityZone: null },
    { vcpus: 2, ramMb: 4096, diskGb: 40, availabilityZone: 'az2' },
  ];
  for (let i = 0; i < 300; i++) selectHost(hosts.hostStates(now), specs[i % specs.length], policy);

  const samples: number[] = [];
  let chosen = 0;
  for (let i = 0; i < DECISIONS; i++) {
    // A heartbeat between some decisions: liveness is re-resolved as in the app.
    if (i % 100 === 0) heartbeats.record({ agentId: 'agent1', hostCount: 0, downHosts: i % 200 === 0 ? ['agent1-host-00001'] : [], at: '' }, Date.now());
    const start = performance.now();
    const selection = selectHost(hosts.hostStates(Date.now()), specs[i % specs.length], policy);
    samples.push(performance.now() - start);
    if (selection.host) {
      chosen++;
      hosts.consume(`s${i}`, selection.host.host, specs[i % specs.length], now);
    }
  }
  samples.sort((a, b) => a - b);
  const ms = (x: number) => `${x.toFixed(3)} ms`;
  console.log(`scheduler decision (filters ${DEFAULT_FILTERS.map((f) => f.name).join(', ')}; RAMWeigher), in memory`);
  console.log(`  hosts ${HOSTS.toLocaleString('en-US')}, decisions ${DECISIONS.toLocaleString('en-US')} (${chosen} found a host)`);
  console.log(`  p50 ${ms(percentile(samples, 50))}   p99 ${ms(percentile(samples, 99))}   max ${ms(samples[samples.length - 1])}`);
}

main();
