// The IPAM arithmetic: addresses <-> integers, CIDR pools without network, gateway and
// broadcast, and where a search for a free address starts and wraps.

import { searchRanges, searchStart } from './address-candidate';
import { isAllocatable, isWithin, parseCidr } from './cidr-block';
import { formatIpv4, InvalidAddressError, parseIpv4 } from './ipv4-address';

describe('IPv4 addresses', () => {
  it.each([
    ['0.0.0.0', 0],
    ['10.0.0.1', 167772161],
    ['15.185.96.2', 263806978],
    ['255.255.255.255', 0xffffffff],
  ])('%s is %d and back', (text, value) => {
    expect(parseIpv4(text)).toBe(value);
    expect(formatIpv4(value)).toBe(text);
  });

  it.each(['10.0.0', '10.0.0.256', '010.0.0.1', 'a.b.c.d', '10.0.0.1 ', ''])('refuses %p', (text) => {
    expect(() => parseIpv4(text)).toThrow(InvalidAddressError);
  });

  it('refuses to format what is not an address', () => {
    expect(() => formatIpv4(-1)).toThrow(InvalidAddressError);
    expect(() => formatIpv4(2 ** 32)).toThrow(InvalidAddressError);
    expect(() => formatIpv4(1.5)).toThrow(InvalidAddressError);
  });
});

describe('CIDR pools', () => {
  it('hand out neither the network, the gateway (.1) nor the broadcast address', () => {
    const block = parseCidr('10.0.0.0/29');
    expect(block).toMatchObject({ cidr: '10.0.0.0/29', prefix: 29, size: 5 });
    expect(formatIpv4(block.first)).toBe('10.0.0.2');
    expect(formatIpv4(block.last)).toBe('10.0.0.6');
    expect(isAllocatable(block, parseIpv4('10.0.0.0'))).toBe(false);
    expect(isAllocatable(block, parseIpv4('10.0.0.1'))).toBe(false);
    expect(isAllocatable(block, parseIpv4('10.0.0.7'))).toBe(false);
    expect(isAllocatable(block, parseIpv4('10.0.0.4'))).toBe(true);
  });

  it('size a /16 and a /22', () => {
    expect(parseCidr('10.0.0.0/16').size).toBe(65533);
    expect(parseCidr('15.185.96.0/22')).toMatchObject({ size: 1021, first: parseIpv4('15.185.96.2'), last: parseIpv4('15.185.99.254') });
  });

  it.each([
    ['10.0.0.1/29', 'host bits set; the block is 10.0.0.0/29'],
    ['10.0.0.0', 'not a CIDR block'],
    ['10.0.0.0/', 'no prefix length'],
    ['10.0.0.0/31', 'prefix length from /8 to /30'],
    ['10.0.0.0/7', 'prefix length from /8 to /30'],
    ['10.0.0.300/24', 'octet above 255'],
  ])('refuses %p', (text, message) => {
    expect(() => parseCidr(text)).toThrow(InvalidAddressError);
    expect(() => parseCidr(text)).toThrow(message);
  });

  it('tell whether one block lies inside another', () => {
    expect(isWithin(parseCidr('10.0.0.0/16'), parseCidr('10.0.0.0/8'))).toBe(true);
    expect(isWithin(parseCidr('11.0.0.0/16'), parseCidr('10.0.0.0/8'))).toBe(false);
  });
});

describe('the search for a free address', () => {
  const block = parseCidr('10.0.0.0/29');

  it('starts anywhere in the allocatable range', () => {
    expect(searchStart(block, 0)).toBe(block.first);
    expect(searchStart(block, 0.999999)).toBe(block.last);
    expect(searchStart(block, 1)).toBe(block.last);
    expect(searchStart(block, -3)).toBe(block.first);
  });

  it('wraps around to the beginning before giving up', () => {
    expect(searchRanges(block, block.first)).toEqual([{ from: block.first, to: block.last }]);
    expect(searchRanges(block, block.first + 2)).toEqual([
      { from: block.first + 2, to: block.last },
      { from: block.first, to: block.first + 1 },
    ]);
  });
});
