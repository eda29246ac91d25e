// AvailabilityZoneFilter: the zone the request names, or any.
import { hostState, requestSpec } from '../hosts/host-state.fixtures';
import { AvailabilityZoneFilter } from './availability-zone.filter';

describe('AvailabilityZoneFilter', () => {
  it('passes every host when the request names no zone', () => {
    expect(AvailabilityZoneFilter.hostPasses(hostState({ availabilityZone: 'az2' }), requestSpec({ availabilityZone: null }))).toBe(true);
  });

  it('passes only hosts of the zone the request names', () => {
    expect(AvailabilityZoneFilter.hostPasses(hostState({ availabilityZone: 'az1' }), requestSpec({ availabilityZone: 'az1' }))).toBe(true);
    expect(AvailabilityZoneFilter.hostPasses(hostState({ availabilityZone: 'az2' }), requestSpec({ availabilityZone: 'az1' }))).toBe(false);
  });
});
