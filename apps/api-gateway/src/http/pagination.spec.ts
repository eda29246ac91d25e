// limit and marker as spec 3.6 says, with Nova's answers for the cases it leaves open.

import { ComputeFault } from './faults';
import { MAX_PAGE_SIZE, idOrUuid, parseLimit, parsePageRequest, queryValue } from './pagination';

const code = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return (error as ComputeFault).code;
  }
  return undefined;
};

describe('pagination', () => {
  it('pages by at most 1000; more has no effect, 0 or absent means the maximum', () => {
    expect(parseLimit(undefined)).toBe(MAX_PAGE_SIZE);
    expect(parseLimit('10')).toBe(10);
    expect(parseLimit('5000')).toBe(1000);
    expect(parseLimit('0')).toBe(1000);
  });

  it('refuses a non-integer or negative limit with a 400', () => {
    for (const bad of ['abc', '1.5', '-1', '', '10x']) expect(code(() => parseLimit(bad))).toBe(400);
  });

  it('reads limit and marker from a query, the last of repeated values counting', () => {
    expect(parsePageRequest({ limit: '2', marker: '120' })).toEqual({ limit: 2, marker: '120' });
    expect(parsePageRequest({ limit: ['5', '3'] })).toEqual({ limit: 3 });
    expect(queryValue({ a: ['x', 'y'] }, 'a')).toBe('y');
    expect(code(() => parsePageRequest({ marker: '' }))).toBe(400);
  });

  it('tells a numeric id from a UUID', () => {
    expect(idOrUuid('34971')).toEqual({ id: '34971' });
    expect(idOrUuid('007')).toEqual({ id: '7' });
    expect(idOrUuid('E5AC3D3C-CDA3-4106-B60A-0A29B382FDA2')).toEqual({ uuid: 'e5ac3d3c-cda3-4106-b60a-0a29b382fda2' });
    expect(idOrUuid('nope')).toBeUndefined();
    expect(idOrUuid('1'.repeat(30))).toBeUndefined();
  });
});
