// The agent's settings: defaults, overrides, and one-line errors naming each wrong variable.

import { ConfigError } from '@app/platform';
import { agentIdFromHostname, loadComputeAgentConfig } from './compute-agent-config';

function problem(env: NodeJS.ProcessEnv): string {
  try {
    loadComputeAgentConfig(env, 'box');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadComputeAgentConfig', () => {
  it('has working defaults, the agent id from the host name', () => {
    expect(loadComputeAgentConfig({}, 'compute-7.example.org')).toEqual({
      agentId: 'compute-7-example-org', hostCount: 10, hostVcpus: 16, hostRamMb: 65536, hostDiskGb: 1000, availabilityZones: ['az1'],
      profile: 'realistic', latencyOverrides: {},
      failureRates: { networking: 0, block_device_mapping: 0, spawning: 0, reboot: 0, rebuild: 0, snapshot: 0 },
      faultSeed: '1', heartbeatIntervalMs: 2000, maxConcurrentTasks: 200,
    });
  });

  it('reads every variable', () => {
    const config = loadComputeAgentConfig({
      COMPUTE_AGENT_ID: 'rack_7', COMPUTE_HOSTS: '10000', HOST_VCPUS: '8', HOST_RAM_MB: '4096', HOST_DISK_GB: '80', HOST_AVAILABILITY_ZONES: 'az1, az2,az3',
      COMPUTE_PROFILE: 'zero', LATENCY_SPAWNING_MS: '100-200', LATENCY_DELETE_MS: '5', FAIL_NETWORKING: '0.25', FAIL_SNAPSHOT: '1', FAULT_SEED: 'chaos-1',
      HEARTBEAT_INTERVAL_MS: '500', COMPUTE_MAX_CONCURRENT_TASKS: '16',
    }, 'box');
    expect(config).toMatchObject({
      agentId: 'rack_7', hostCount: 10000, hostVcpus: 8, hostRamMb: 4096, hostDiskGb: 80, availabilityZones: ['az1', 'az2', 'az3'], profile: 'zero',
      latencyOverrides: { spawning: { minMs: 100, maxMs: 200 }, delete: { minMs: 5, maxMs: 5 } }, faultSeed: 'chaos-1', heartbeatIntervalMs: 500, maxConcurrentTasks: 16,
    });
    expect(config.failureRates).toMatchObject({ networking: 0.25, snapshot: 1, spawning: 0 });
  });

  it.each([
    [{ COMPUTE_AGENT_ID: 'a.b' }, "config: COMPUTE_AGENT_ID must be 1 to 64 letters, digits, - or _, got 'a.b'"],
    [{ COMPUTE_HOSTS: '0' }, "config: COMPUTE_HOSTS must be an integer from 1 to 100000, got '0'"],
    [{ HOST_RAM_MB: '1e3' }, "config: HOST_RAM_MB must be an integer from 1 to 16777216, got '1e3'"],
    [{ COMPUTE_PROFILE: 'fast' }, "config: COMPUTE_PROFILE must be one of realistic, zero, got 'fast'"],
    [{ FAIL_SPAWNING: '1.5' }, "config: FAIL_SPAWNING must be a probability from 0 to 1, got '1.5'"],
    [{ FAIL_REBOOT: '-0.1' }, "config: FAIL_REBOOT must be a probability from 0 to 1, got '-0.1'"],
    [{ LATENCY_NETWORKING_MS: '800-300' }, "config: LATENCY_NETWORKING_MS must be milliseconds 'n' or a range 'min-max' up to 3600000, got '800-300'"],
    [{ HOST_AVAILABILITY_ZONES: 'az1,,az2' }, "config: HOST_AVAILABILITY_ZONES must be a comma-separated list of distinct names (letters, digits, . : _ -), got 'az1,,az2'"],
    [{ HOST_AVAILABILITY_ZONES: 'az1,az1' }, "config: HOST_AVAILABILITY_ZONES must be a comma-separated list of distinct names (letters, digits, . : _ -), got 'az1,az1'"],
    [{ FAULT_SEED: 'a b' }, "config: FAULT_SEED must be 1 to 64 letters, digits, . _ or -, got 'a b'"],
    [{ HEARTBEAT_INTERVAL_MS: '10' }, "config: HEARTBEAT_INTERVAL_MS must be an integer from 50 to 600000, got '10'"],
  ])('refuses %j', (env, message) => {
    expect(problem(env)).toBe(message);
  });

  it('names every wrong variable in one line', () => {
    expect(problem({ COMPUTE_HOSTS: 'x', FAIL_SPAWNING: '2' })).toBe(
      "config: COMPUTE_HOSTS must be an integer from 1 to 100000, got 'x'; FAIL_SPAWNING must be a probability from 0 to 1, got '2'",
    );
  });

  it('makes an agent id of any host name', () => {
    expect(agentIdFromHostname('db01')).toBe('db01');
    expect(agentIdFromHostname('x'.repeat(80))).toHaveLength(64);
    expect(agentIdFromHostname('')).toBe('compute');
  });
});
