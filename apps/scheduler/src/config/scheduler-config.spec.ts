// The scheduler's settings: defaults, and one-line errors for wrong values.
import { ConfigError } from '@app/platform';
import { loadSchedulerConfig } from './scheduler-config';

function problem(env: NodeJS.ProcessEnv): string {
  try {
    loadSchedulerConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadSchedulerConfig', () => {
  it('has Nova\'s defaults', () => {
    expect(loadSchedulerConfig({})).toEqual({
      serviceDownTimeMs: 10_000, ratios: { ram: 1.5, cpu: 16, disk: 1 }, ramWeightMultiplier: 1, hostSubsetSize: 1, claimAttempts: 5, concurrency: 16, hostRefreshMs: 1000,
    });
  });

  it('reads every variable', () => {
    expect(loadSchedulerConfig({
      SERVICE_DOWN_TIME_MS: '3000', SCHEDULER_RAM_ALLOCATION_RATIO: '1.0', SCHEDULER_CPU_ALLOCATION_RATIO: '4', SCHEDULER_DISK_ALLOCATION_RATIO: '2.5',
      SCHEDULER_RAM_WEIGHT_MULTIPLIER: '-1.5', SCHEDULER_HOST_SUBSET_SIZE: '3', SCHEDULER_CLAIM_ATTEMPTS: '2', SCHEDULER_CONCURRENCY: '4', SCHEDULER_HOST_REFRESH_MS: '250',
    })).toEqual({ serviceDownTimeMs: 3000, ratios: { ram: 1, cpu: 4, disk: 2.5 }, ramWeightMultiplier: -1.5, hostSubsetSize: 3, claimAttempts: 2, concurrency: 4, hostRefreshMs: 250 });
  });

  it.each([
    [{ SCHEDULER_RAM_ALLOCATION_RATIO: '0' }, "config: SCHEDULER_RAM_ALLOCATION_RATIO must be a number above 0 and up to 1000, got '0'"],
    [{ SCHEDULER_CPU_ALLOCATION_RATIO: '-1' }, "config: SCHEDULER_CPU_ALLOCATION_RATIO must be a number above 0 and up to 1000, got '-1'"],
    [{ SCHEDULER_DISK_ALLOCATION_RATIO: 'one' }, "config: SCHEDULER_DISK_ALLOCATION_RATIO must be a number above 0 and up to 1000, got 'one'"],
    [{ SCHEDULER_RAM_WEIGHT_MULTIPLIER: '1e3' }, "config: SCHEDULER_RAM_WEIGHT_MULTIPLIER must be a number from -1000 to 1000, got '1e3'"],
    [{ SERVICE_DOWN_TIME_MS: '10s' }, "config: SERVICE_DOWN_TIME_MS must be an integer from 100 to 3600000, got '10s'"],
    [{ SCHEDULER_CONCURRENCY: '0' }, "config: SCHEDULER_CONCURRENCY must be an integer from 1 to 256, got '0'"],
  ])('refuses %j', (env, message) => expect(problem(env)).toBe(message));

  it('reports every wrong variable in the one line', () => {
    expect(problem({ SCHEDULER_CLAIM_ATTEMPTS: 'x', SCHEDULER_HOST_REFRESH_MS: '1' })).toBe(
      "config: SCHEDULER_CLAIM_ATTEMPTS must be an integer from 1 to 100, got 'x'; SCHEDULER_HOST_REFRESH_MS must be an integer from 50 to 600000, got '1'",
    );
  });
});
