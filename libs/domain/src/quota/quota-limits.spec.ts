// Limits: the spec's defaults, the layers that override them, and what a limit may be.

import { DEFAULT_QUOTA_LIMITS, effectiveLimits, limitsProblem } from './quota-limits';

describe('quota limits', () => {
  it("default to the spec's List Limits example, with Nova's Essex cores and floating IPs", () => {
    expect(DEFAULT_QUOTA_LIMITS).toEqual({
      instances: 20, ram: 102400, metadata_items: 50, image_metadata_items: 50, injected_files: 5, injected_file_content_bytes: 10240,
      security_groups: 10, security_group_rules: 20, cores: 20, floating_ips: 10,
    });
  });

  it('apply overrides in order, each only for what it names', () => {
    const limits = effectiveLimits(DEFAULT_QUOTA_LIMITS, { instances: 50, cores: 40 }, { cores: -1 });
    expect(limits).toMatchObject({ instances: 50, cores: -1, ram: 102400 });
  });

  it.each([
    [{ cores: 10, instances: -1, ram: 0 }, undefined],
    [{ cores: -2 }, 'cores must be an integer >= -1 (-1 is unlimited), got -2'],
    [{ cores: 1.5 }, 'cores must be an integer >= -1'],
    [{ cores: '10' }, 'got "10"'],
    [{ gigabytes: 10 }, "unknown quota resource 'gigabytes'"],
    [[], 'limits must be an object'],
  ])('check %j', (limits, problem) => {
    if (problem === undefined) expect(limitsProblem(limits)).toBeUndefined();
    else expect(limitsProblem(limits)).toContain(problem);
  });
});
