// RAMWeigher: free RAM; the multiplier's sign decides between spreading and stacking.
import { weighHosts } from '../scheduling/filter-scheduler';
import { hostState, requestSpec } from '../hosts/host-state.fixtures';
import { ramWeigher } from './ram.weigher';

describe('RAMWeigher', () => {
  const hosts = [
    hostState({ host: 'full', totalRamMb: 4096, usedRamMb: 3072 }),
    hostState({ host: 'empty', totalRamMb: 4096, usedRamMb: 0 }),
    hostState({ host: 'half', totalRamMb: 4096, usedRamMb: 2048 }),
  ];

  it('scores a host by its free RAM, before the allocation ratio', () => {
    expect(hosts.map((h) => ramWeigher(1).weigh(h, requestSpec()))).toEqual([1024, 4096, 2048]);
    expect(ramWeigher(1).weigh(hostState({ totalRamMb: 1024, usedRamMb: 1536 }), requestSpec())).toBe(-512);
  });

  it('spreads with a positive multiplier: the emptiest host weighs most (normalized to 0..1)', () => {
    expect([...weighHosts(hosts, requestSpec(), [ramWeigher(1.0)])]).toEqual([0, 1, 1 / 3]);
  });

  it('stacks with a negative multiplier: the fullest host weighs most', () => {
    expect([...weighHosts(hosts, requestSpec(), [ramWeigher(-2.0)])]).toEqual([0, -2, -2 / 3]);
  });

  it('weighs every host alike when their free RAM is equal, or when the multiplier is 0', () => {
    expect([...weighHosts([hostState(), hostState()], requestSpec(), [ramWeigher(1)])]).toEqual([0, 0]);
    expect([...weighHosts(hosts, requestSpec(), [ramWeigher(0)])]).toEqual([0, 0, 0]);
  });
});
