// A pool of addresses given as a CIDR block (`10.0.0.0/16`), and the addresses in it that can
// be handed out: never the network address (.0), the gateway (the first host, .1, as
// nova-network's `gateway` of a network) or the broadcast address (the last one).
// Nova: nova/network/manager.py (NetworkManager._setup_network_on_host reserves these).

import { formatIpv4, InvalidAddressError, parseIpv4 } from './ipv4-address';

/** Pools smaller than a /30 have nothing left once network, gateway and broadcast are set aside. */
export const MAX_POOL_PREFIX = 30;
export const MIN_POOL_PREFIX = 8;

export interface CidrBlock {
  /** The block as written canonically: `10.0.0.0/16`. */
  cidr: string;
  prefix: number;
  network: number;
  broadcast: number;
  gateway: number;
  /** The first and last address that may be allocated, and how many there are. */
  first: number;
  last: number;
  size: number;
}

/** Parses `a.b.c.d/n`; the address must be the block's network address (no host bits set). */
export function parseCidr(text: string, { minPrefix = MIN_POOL_PREFIX, maxPrefix = MAX_POOL_PREFIX } = {}): CidrBlock {
  const slash = text.indexOf('/');
  if (slash < 0) throw new InvalidAddressError(`'${text}' is not a CIDR block (a.b.c.d/n)`);
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,2}$/.test(prefixText)) throw new InvalidAddressError(`'${text}' has no prefix length after the '/'`);
  const prefix = Number(prefixText);
  if (prefix < minPrefix || prefix > maxPrefix) {
    throw new InvalidAddressError(`'${text}' must have a prefix length from /${minPrefix} to /${maxPrefix}`);
  }
  const network = parseIpv4(text.slice(0, slash));
  const blockSize = 2 ** (32 - prefix);
  if (network % blockSize !== 0) {
    throw new InvalidAddressError(`'${text}' has host bits set; the block is ${formatIpv4(network - (network % blockSize))}/${prefix}`);
  }
  const broadcast = network + blockSize - 1;
  return { cidr: `${formatIpv4(network)}/${prefix}`, prefix, network, broadcast, gateway: network + 1, first: network + 2, last: broadcast - 1, size: blockSize - 3 };
}

/** Is `address` one that this block may hand out? */
export function isAllocatable(block: CidrBlock, address: number): boolean {
  return address >= block.first && address <= block.last;
}

/** Does `inner` lie entirely inside `outer`? */
export function isWithin(inner: CidrBlock, outer: CidrBlock): boolean {
  return inner.network >= outer.network && inner.broadcast <= outer.broadcast;
}
