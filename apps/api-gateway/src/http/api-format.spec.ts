// Response format negotiation: suffix first, then Accept, JSON by default.

import { formatFromAccept, stripFormatSuffix } from './api-format';

describe('stripFormatSuffix', () => {
  it('takes the suffix off the path and keeps the query', () => {
    expect(stripFormatSuffix('/v1.1/t/flavors.xml?minRam=512')).toEqual({ url: '/v1.1/t/flavors?minRam=512', format: 'xml' });
    expect(stripFormatSuffix('/v1.1/t/flavors/detail.json')).toEqual({ url: '/v1.1/t/flavors/detail', format: 'json' });
  });
  it('leaves other paths alone, including a suffix in the query', () => {
    expect(stripFormatSuffix('/v1.1/t/flavors?name=a.xml')).toEqual({ url: '/v1.1/t/flavors?name=a.xml' });
  });
});

describe('formatFromAccept', () => {
  it.each([
    [undefined, 'json'],
    ['*/*', 'json'],
    ['application/xml', 'xml'],
    ['text/xml', 'xml'],
    ['application/json', 'json'],
    ['application/xml;q=0.5, application/json', 'json'],
    ['application/json;q=0.2, application/xml;q=0.9', 'xml'],
    ['application/vnd.openstack.compute-v1.1+xml', 'xml'],
  ])('%s -> %s', (accept, format) => {
    expect(formatFromAccept(accept)).toBe(format);
  });
});
