// The pools come from FIXED_IP_RANGE / FLOATING_IP_RANGE, checked at start with one-line errors.

import { formatIpv4 } from '@app/domain';
import { ConfigError } from '@app/platform';
import { loadNetworkConfig } from './network-config';

describe('network config', () => {
  it('defaults to 10.0.0.0/16 and 15.185.96.0/22', () => {
    const config = loadNetworkConfig({});
    expect(config.fixedRange.cidr).toBe('10.0.0.0/16');
    expect(config.floatingRange.cidr).toBe('15.185.96.0/22');
    expect(formatIpv4(config.floatingRange.first)).toBe('15.185.96.2');
  });

  it('takes the ranges from the environment', () => {
    const config = loadNetworkConfig({ FIXED_IP_RANGE: '10.1.2.0/29', FLOATING_IP_RANGE: '15.0.0.0/24' });
    expect(config.fixedRange.size).toBe(5);
    expect(config.floatingRange.size).toBe(253);
  });

  it.each([
    [{ FIXED_IP_RANGE: '192.168.0.0/16' }, "config: FIXED_IP_RANGE must lie inside 10.0.0.0/8, got '192.168.0.0/16'"],
    [{ FLOATING_IP_RANGE: '10.0.0.0/24' }, "config: FLOATING_IP_RANGE must lie inside 15.0.0.0/8, got '10.0.0.0/24'"],
    [{ FIXED_IP_RANGE: '10.0.0.5/24' }, 'config: FIXED_IP_RANGE must be a CIDR block like 10.0.0.0/16: \'10.0.0.5/24\' has host bits set; the block is 10.0.0.0/24'],
    [{ FIXED_IP_RANGE: 'x', FLOATING_IP_RANGE: '15.0.0.0/31' }, 'FIXED_IP_RANGE must be a CIDR block like 10.0.0.0/16: \'x\' is not a CIDR block (a.b.c.d/n); FLOATING_IP_RANGE'],
  ])('refuses %p in one line', (env, message) => {
    const attempt = () => loadNetworkConfig(env);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
