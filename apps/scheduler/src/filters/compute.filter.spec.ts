// ComputeFilter: only hosts whose service is up and enabled.
import { hostState, requestSpec } from '../hosts/host-state.fixtures';
import { ComputeFilter } from './compute.filter';

describe('ComputeFilter', () => {
  it('passes a host that is up and enabled', () => {
    expect(ComputeFilter.hostPasses(hostState(), requestSpec())).toBe(true);
  });

  it('fails a host that is down (missed heartbeats, listed in downHosts, or reported down)', () => {
    expect(ComputeFilter.hostPasses(hostState({ up: false }), requestSpec())).toBe(false);
  });

  it('fails a disabled host, even when up', () => {
    expect(ComputeFilter.hostPasses(hostState({ enabled: false }), requestSpec())).toBe(false);
  });
});
