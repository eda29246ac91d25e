// advisoryLockKey(): a stable bigint per name, so every replica of an app takes the same lock.

import { advisoryLockKey } from './advisory-lock';

describe('advisoryLockKey', () => {
  it('is the same for the same name and a signed 64-bit integer', () => {
    const key = advisoryLockKey('nova-migrations:scheduler');
    expect(advisoryLockKey('nova-migrations:scheduler')).toBe(key);
    expect(BigInt(key) >= -(2n ** 63n) && BigInt(key) < 2n ** 63n).toBe(true);
  });

  it('differs between schemas', () => {
    expect(advisoryLockKey('nova-migrations:scheduler')).not.toBe(advisoryLockKey('nova-migrations:quota'));
  });
});
