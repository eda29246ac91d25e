// Which limits a request hits, and RATE_LIMITS: the spec's defaults, `off`, a JSON table, and a
// one-line error for anything wrong.

import { ConfigError } from '@app/platform';
import { DEFAULT_RATE_LIMITS, RateLimitTable, globToRegex, loadRateLimits, subUriOf } from './rate-limit-table';

const defaults = new RateLimitTable(DEFAULT_RATE_LIMITS);
const hit = (method: string, subUri: string, table = defaults) => table.hits(method, subUri).map((l) => `${l.verb} ${l.uri} ${l.value}/${l.unit}`);

const problem = (value: string) => {
  try {
    loadRateLimits({ RATE_LIMITS: value });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error(`RATE_LIMITS=${value} was accepted`);
};

describe('which limits a request hits', () => {
  it('every GET hits GET 3000/min; a changes-since poll also GET 200/min', () => {
    expect(hit('GET', '/servers/detail')).toEqual(['GET * 3000/MINUTE']);
    expect(hit('GET', '/limits')).toEqual(['GET * 3000/MINUTE']);
    expect(hit('GET', '/servers/detail?changes-since=2011-01-24T17:08Z')).toEqual(['GET * 3000/MINUTE', 'GET *changes-since* 200/MINUTE']);
    expect(hit('GET', '/images?changes-since=2011-01-24T17:08Z&limit=5')).toHaveLength(2);
  });

  it('PUT, POST and DELETE each hit their own limit; HEAD counts as GET', () => {
    expect(hit('PUT', '/servers/1')).toEqual(['PUT * 10/MINUTE']);
    expect(hit('POST', '/servers/1/action')).toEqual(['POST * 40/MINUTE']);
    expect(hit('DELETE', '/os-keypairs/k')).toEqual(['DELETE * 60/MINUTE']);
    expect(hit('HEAD', '/flavors')).toEqual(['GET * 3000/MINUTE']);
    expect(hit('PATCH', '/servers/1')).toEqual([]);
  });

  it('matches a glob from the start of the sub-URI', () => {
    const table = loadRateLimits({ RATE_LIMITS: '[{"verb":"GET","uri":"/servers*","value":5,"unit":"second"}]' });
    expect(table.limits[0]).toEqual({ verb: 'GET', uri: '/servers*', regex: '/servers.*', value: 5, unit: 'SECOND' });
    expect(hit('GET', '/servers/detail', table)).toHaveLength(1);
    expect(hit('GET', '/images?name=/servers', table)).toHaveLength(0);
  });

  it('takes the sub-URI after /v1.1/{tenant_id}, query included', () => {
    expect(subUriOf('/v1.1/123/servers/detail?limit=1', '123')).toBe('/servers/detail?limit=1');
    expect(subUriOf('/v1.1/123', '123')).toBe('/');
    expect(subUriOf('/v1.1/1234/servers', '123')).toBe('/v1.1/1234/servers');
  });

  it('escapes everything in a glob but *', () => {
    expect(globToRegex('*changes-since*')).toBe('.*changes-since.*');
    expect(new RegExp(`^(?:${globToRegex('/a.b(c)?*')})`).test('/a.b(c)?/x')).toBe(true);
    expect(new RegExp(`^(?:${globToRegex('/a.b')})`).test('/axb')).toBe(false);
  });
});

describe('RATE_LIMITS', () => {
  it('unset or empty: the spec defaults; off: none', () => {
    expect(loadRateLimits({}).limits).toEqual(DEFAULT_RATE_LIMITS);
    expect(loadRateLimits({ RATE_LIMITS: ' ' }).limits).toEqual(DEFAULT_RATE_LIMITS);
    expect(loadRateLimits({ RATE_LIMITS: 'OFF' }).enabled).toBe(false);
  });

  it('reads a JSON table, verbs and units in any case, with an optional regex', () => {
    const table = loadRateLimits({ RATE_LIMITS: '[{"verb":"post","uri":"*/servers","regex":"^/servers$","value":50,"unit":"day"}]' });
    expect(table.limits).toEqual([{ verb: 'POST', uri: '*/servers', regex: '^/servers$', value: 50, unit: 'DAY' }]);
  });

  it('refuses anything else in one line naming the entry and the field', () => {
    expect(problem('nope')).toMatch(/^config: RATE_LIMITS must be 'off' or a JSON array/);
    expect(problem('{"verb":"GET"}')).toMatch(/must be 'off' or a JSON array/);
    expect(problem('[]')).toMatch(/empty list; write 'off'/);
    expect(problem('[1]')).toBe('config: RATE_LIMITS [0] must be an object with verb, uri, value and unit');
    expect(problem('[{"verb":"GET","uri":"*","value":1,"unit":"MINUTE","burst":2}]')).toMatch(/\[0\] has an unknown field 'burst'/);
    expect(problem('[{"verb":"PATCH","uri":"*","value":1,"unit":"MINUTE"}]')).toMatch(/\[0\]\.verb must be one of GET, POST, PUT, DELETE, got "PATCH"/);
    expect(problem('[{"verb":"GET","value":1,"unit":"MINUTE"}]')).toMatch(/\[0\]\.uri must be a non-empty string/);
    expect(problem('[{"verb":"GET","uri":"*","regex":"(","value":1,"unit":"MINUTE"}]')).toMatch(/\[0\]\.regex is not a valid regular expression/);
    expect(problem('[{"verb":"GET","uri":"*","value":1,"unit":"MINUTE"},{"verb":"GET","uri":"*","value":0,"unit":"MINUTE"}]')).toMatch(/\[1\]\.value must be an integer from 1 to 1000000, got 0/);
    expect(problem('[{"verb":"GET","uri":"*","value":1.5,"unit":"MINUTE"}]')).toMatch(/\[0\]\.value must be an integer/);
    expect(problem('[{"verb":"GET","uri":"*","value":2,"unit":"HOUR"},{"verb":"get","uri":"*","value":2,"unit":"hour"}]')).toMatch(/\[1\] repeats \[0\]/);
    expect(problem('[{"verb":"GET","uri":"*","value":1,"unit":"WEEK"}]')).toMatch(/\[0\]\.unit must be one of SECOND, MINUTE, HOUR, DAY, got "WEEK"/);
  });
});
