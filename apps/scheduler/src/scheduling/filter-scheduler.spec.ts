// The filter scheduler in memory: the trace, the weighing, the choice, the exclusions.
import { DEFAULT_FILTERS } from '../filters/default-filters';
import { hostState, requestSpec } from '../hosts/host-state.fixtures';
import { ramWeigher } from '../weighers/ram.weigher';
import { filterHosts, heaviestHosts, selectHost, traceText } from './filter-scheduler';
import { noValidHostFault } from './no-valid-host';

const policy = { filters: DEFAULT_FILTERS, weighers: [ramWeigher(1)] };
const hosts = (n: number, overrides = {}) => Array.from({ length: n }, (_, i) => hostState({ host: `h${i}`, ...overrides }));

describe('filter scheduler', () => {
  it('records how many hosts each filter left, and stops at the first that leaves none', () => {
    const all = [...hosts(3), hostState({ host: 'down', up: false }), hostState({ host: 'small', totalRamMb: 256 })];
    const { hosts: left, trace } = filterHosts(all, requestSpec({ ramMb: 1024 }), DEFAULT_FILTERS);
    expect(left.map((h) => h.host)).toEqual(['h0', 'h1', 'h2']);
    expect(traceText(trace)).toBe(
      'Filter ComputeFilter returned 4 host(s); Filter RamFilter returned 3 host(s); Filter CoreFilter returned 3 host(s); Filter DiskFilter returned 3 host(s); Filter AvailabilityZoneFilter returned 3 host(s)',
    );
    const none = filterHosts(hosts(10), requestSpec({ ramMb: 1 << 20 }), DEFAULT_FILTERS);
    expect(traceText(none.trace)).toBe('Filter ComputeFilter returned 10 host(s); Filter RamFilter returned 0 host(s)');
  });

  it('chooses the host with most free RAM (spreading), or the fullest that fits (stacking)', () => {
    const all = [hostState({ host: 'a', usedRamMb: 4096 }), hostState({ host: 'b', usedRamMb: 1024 }), hostState({ host: 'c', usedRamMb: 21000 })];
    expect(selectHost(all, requestSpec(), policy).host?.host).toBe('b');
    expect(selectHost(all, requestSpec({ ramMb: 4096 }), { ...policy, weighers: [ramWeigher(-1)] }).host?.host).toBe('a');
  });

  it('keeps the hosts order on equal weights, and passes over excluded hosts without changing the trace', () => {
    const all = hosts(3);
    expect(selectHost(all, requestSpec(), policy).host?.host).toBe('h0');
    const selection = selectHost(all, requestSpec(), { ...policy, exclude: new Set(['h0', 'h1']) });
    expect(selection.host?.host).toBe('h2');
    expect(selection.trace.at(-1)).toEqual({ filter: 'AvailabilityZoneFilter', hosts: 3 });
    expect(selectHost(all, requestSpec(), { ...policy, exclude: new Set(['h0', 'h1', 'h2']) })).toMatchObject({ host: null, passed: 3 });
  });

  it('picks at random among the best subsetSize hosts', () => {
    const all = [hostState({ host: 'a', usedRamMb: 0 }), hostState({ host: 'b', usedRamMb: 100 }), hostState({ host: 'c', usedRamMb: 200 })];
    expect(selectHost(all, requestSpec(), { ...policy, subsetSize: 2, random: () => 0.99 }).host?.host).toBe('b');
    expect(selectHost(all, requestSpec(), { ...policy, subsetSize: 2, random: () => 0 }).host?.host).toBe('a');
  });

  it('finds the heaviest hosts in one pass, heaviest first', () => {
    const all = hosts(6);
    const totals = Float64Array.from([3, 9, 1, 9, 7, 2]);
    expect(heaviestHosts(all, totals, 3).map((h) => h.host)).toEqual(['h1', 'h3', 'h4']);
    expect(heaviestHosts(all, totals, 1, new Set(['h1'])).map((h) => h.host)).toEqual(['h3']);
    expect(heaviestHosts(all, totals, 10).map((h) => h.host)).toEqual(['h1', 'h3', 'h4', 'h0', 'h5', 'h2']);
  });

  it('turns the trace into a No valid host fault', () => {
    const trace = [{ filter: 'ComputeFilter', hosts: 10 }, { filter: 'RamFilter', hosts: 0 }];
    expect(noValidHostFault(trace, [], '2026-01-01T00:00:00.000Z')).toEqual({
      code: 500, message: 'No valid host was found. ', details: 'Filter ComputeFilter returned 10 host(s); Filter RamFilter returned 0 host(s)', created: '2026-01-01T00:00:00.000Z',
    });
    expect(noValidHostFault([{ filter: 'ComputeFilter', hosts: 2 }], ['h1', 'h2'], 'x').details).toBe(
      'Filter ComputeFilter returned 2 host(s); Claims failed on 2 host(s), taken concurrently: h1, h2',
    );
  });
});
