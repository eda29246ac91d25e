// The reservation check (Nova's quota_reserve "overs") and the rules for what can be reserved.

import { InvalidQuotaRequestError, QuotaExceededError } from '@app/contracts';
import { checkReservation, reservationDeltas, type TenantUsage } from './quota-check';
import { DEFAULT_QUOTA_LIMITS, effectiveLimits } from './quota-limits';

const limits = DEFAULT_QUOTA_LIMITS;

function refusal(usage: TenantUsage, deltas: Parameters<typeof checkReservation>[2], l = limits): QuotaExceededError {
  try {
    checkReservation(l, usage, deltas);
  } catch (error) {
    if (error instanceof QuotaExceededError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('checkReservation', () => {
  it('accepts what fits exactly to the limit', () => {
    expect(() => checkReservation(limits, { instances: { inUse: 15, reserved: 4 } }, { instances: 1 })).not.toThrow();
    expect(() => checkReservation(limits, {}, { instances: 20, cores: 20, ram: 102400 })).not.toThrow();
  });

  it('counts open reservations as used', () => {
    const e = refusal({ instances: { inUse: 15, reserved: 5 } }, { instances: 1 });
    expect(e).toMatchObject({ resource: 'instances', limit: 20, used: 20, requested: 1 });
    expect(e.message).toBe('Quota exceeded for instances: requested 1, but already used 20 of 20');
  });

  it('names the first resource that does not fit, in counted order', () => {
    const e = refusal({ cores: { inUse: 18, reserved: 0 }, ram: { inUse: 102000, reserved: 0 } }, { instances: 1, cores: 4, ram: 2048 });
    expect(e).toMatchObject({ resource: 'cores', limit: 20, used: 18, requested: 4 });
  });

  it('never refuses an unlimited resource', () => {
    const unlimited = effectiveLimits(limits, { instances: -1 });
    expect(() => checkReservation(unlimited, { instances: { inUse: 1_000_000, reserved: 0 } }, { instances: 5 })).not.toThrow();
  });

  it('refuses anything when the limit is 0', () => {
    expect(refusal({}, { floating_ips: 1 }, effectiveLimits(limits, { floating_ips: 0 }))).toMatchObject({ resource: 'floating_ips', limit: 0, used: 0 });
  });

  it('refuses when usage already passed a lowered limit', () => {
    expect(refusal({ instances: { inUse: 8, reserved: 0 } }, { instances: 1 }, effectiveLimits(limits, { instances: 5 }))).toMatchObject({ used: 8, limit: 5 });
  });
});

describe('reservationDeltas', () => {
  it('keeps counted resources above 0 and drops zeros', () => {
    expect(reservationDeltas({ instances: 2, cores: 0, ram: 1024 })).toEqual({ instances: 2, ram: 1024 });
  });
  it.each([
    [{ metadata_items: 1 }, "'metadata_items' cannot be reserved"],
    [{ volumes: 1 }, "'volumes' cannot be reserved"],
    [{ instances: -1 }, 'instances must be reserved as an integer >= 0, got -1'],
    [{ instances: 1.5 }, 'got 1.5'],
    [{ instances: '1' }, 'got "1"'],
    [{}, 'at least one resource'],
    [{ instances: 0 }, 'at least one resource'],
    [null, 'deltas must be an object'],
    [[1], 'deltas must be an object'],
  ])('refuses %j', (deltas, message) => {
    expect(() => reservationDeltas(deltas)).toThrow(InvalidQuotaRequestError);
    expect(() => reservationDeltas(deltas)).toThrow(message);
  });
});
