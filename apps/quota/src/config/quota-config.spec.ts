// The quota app's settings: defaults, and one-line errors for wrong values and wrong files.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@app/platform';
import { loadQuotaConfig } from './quota-config';

const dir = mkdtempSync(join(tmpdir(), 'quota-config-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function problem(env: NodeJS.ProcessEnv): string {
  try {
    loadQuotaConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadQuotaConfig', () => {
  it('has working defaults', () => {
    expect(loadQuotaConfig({})).toEqual({ reservationTtlSeconds: 60, sweepIntervalMs: 5000, tenantLimits: {} });
  });

  it('reads per-tenant limits from QUOTA_LIMITS_FILE', () => {
    const path = file('ok.json', JSON.stringify({ '10000000000001': { instances: 50, cores: -1 } }));
    expect(loadQuotaConfig({ QUOTA_LIMITS_FILE: path, RESERVATION_TTL_SECONDS: '30' })).toEqual({
      reservationTtlSeconds: 30, sweepIntervalMs: 5000, tenantLimits: { '10000000000001': { instances: 50, cores: -1 } },
    });
  });

  it.each([
    [{ RESERVATION_TTL_SECONDS: '0' }, "config: RESERVATION_TTL_SECONDS must be an integer from 1 to 86400, got '0'"],
    [{ RESERVATION_TTL_SECONDS: '1m' }, "config: RESERVATION_TTL_SECONDS must be an integer from 1 to 86400, got '1m'"],
    [{ QUOTA_SWEEP_INTERVAL_MS: '10' }, "config: QUOTA_SWEEP_INTERVAL_MS must be an integer from 50 to 600000, got '10'"],
  ])('refuses %j', (env, message) => expect(problem(env)).toBe(message));

  it('names the file and what is wrong in it', () => {
    expect(problem({ QUOTA_LIMITS_FILE: join(dir, 'missing.json') })).toBe(`config: QUOTA_LIMITS_FILE ${join(dir, 'missing.json')} cannot be read (ENOENT)`);
    const notJson = file('bad.json', '{ "1": ');
    expect(problem({ QUOTA_LIMITS_FILE: notJson })).toMatch(new RegExp(`^config: QUOTA_LIMITS_FILE ${notJson} is not JSON \\(`));
    const wrongValue = file('value.json', JSON.stringify({ '10000000000001': { cores: 'many' } }));
    expect(problem({ QUOTA_LIMITS_FILE: wrongValue })).toBe(
      `config: QUOTA_LIMITS_FILE ${wrongValue} tenant '10000000000001': cores must be an integer >= -1 (-1 is unlimited), got "many"`,
    );
    const unknown = file('unknown.json', JSON.stringify({ '1': { volumes: 1 } }));
    expect(problem({ QUOTA_LIMITS_FILE: unknown })).toContain("tenant '1': unknown quota resource 'volumes'");
    expect(problem({ QUOTA_LIMITS_FILE: file('array.json', '[]') })).toContain('must hold an object of tenant id -> limits');
  });

  it('reports every wrong variable in the one line', () => {
    expect(problem({ RESERVATION_TTL_SECONDS: 'x', QUOTA_SWEEP_INTERVAL_MS: 'y' })).toBe(
      "config: RESERVATION_TTL_SECONDS must be an integer from 1 to 86400, got 'x'; QUOTA_SWEEP_INTERVAL_MS must be an integer from 50 to 600000, got 'y'",
    );
  });
});
