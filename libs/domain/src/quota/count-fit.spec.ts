// How many instances fit (Nova's _check_num_instances_quota headroom arithmetic).

import { countFit } from './count-fit';
import { DEFAULT_QUOTA_LIMITS as limits, effectiveLimits } from './quota-limits';

const flavor = { cores: 2, ram: 4096 };

describe('countFit', () => {
  it('gives maxCount when all fit, with no limiting resource', () => {
    expect(countFit(limits, {}, flavor, 3)).toEqual({ fits: 3 });
  });

  it('is limited by instances', () => {
    expect(countFit(limits, { instances: { inUse: 17, reserved: 1 } }, { cores: 0, ram: 0 }, 5)).toEqual({ fits: 2, limitedBy: 'instances' });
  });

  it('is limited by cores: headroom divided by vcpus, rounded down', () => {
    // 20 - 13 = 7 cores left: 3 instances of 2 vcpus.
    expect(countFit(limits, { cores: { inUse: 10, reserved: 3 } }, flavor, 10)).toEqual({ fits: 3, limitedBy: 'cores' });
  });

  it('is limited by RAM', () => {
    // 102400 - 94208 = 8192 MB left: 2 instances of 4096.
    expect(countFit(limits, { ram: { inUse: 94208, reserved: 0 } }, flavor, 10)).toEqual({ fits: 2, limitedBy: 'ram' });
  });

  it('names the first resource in order instances, cores, ram when two stop it at the same count', () => {
    expect(countFit(limits, { instances: { inUse: 18, reserved: 0 }, cores: { inUse: 16, reserved: 0 } }, flavor, 5)).toEqual({ fits: 2, limitedBy: 'instances' });
  });

  it('gives 0 when nothing is left, and never less', () => {
    expect(countFit(limits, { instances: { inUse: 25, reserved: 0 } }, flavor, 1)).toEqual({ fits: 0, limitedBy: 'instances' });
  });

  it('ignores a resource the flavor does not take and an unlimited one', () => {
    const l = effectiveLimits(limits, { instances: -1, ram: -1 });
    expect(countFit(l, { instances: { inUse: 500, reserved: 0 } }, { cores: 0, ram: 512 }, 1000)).toEqual({ fits: 1000 });
    expect(countFit(l, {}, { cores: 1, ram: 512 }, 1000)).toEqual({ fits: 20, limitedBy: 'cores' });
  });
});
