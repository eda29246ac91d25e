// Where an allocation starts looking for a free address. Every allocator starting at the
// lowest address would make concurrent allocations (several replicas) all want the same one
// and queue behind each other; starting at a random point spreads them over the pool, and the
// search wraps around to the start before a pool is called exhausted. The database's
// unique (pool, address) is what makes a double allocation impossible; this only keeps the
// collisions rare. The random number comes in from the caller: the domain draws none.

import type { CidrBlock } from './cidr-block';

/** The address to start the search at, for `fraction` in [0, 1) (a random draw). */
export function searchStart(block: CidrBlock, fraction: number): number {
  const clamped = Math.min(Math.max(fraction, 0), 1 - Number.EPSILON);
  return block.first + Math.floor(clamped * block.size);
}

/** The ranges to search, in order: from the start to the end, then wrapping from the beginning. */
export function searchRanges(block: CidrBlock, start: number): { from: number; to: number }[] {
  if (start <= block.first) return [{ from: block.first, to: block.last }];
  return [{ from: start, to: block.last }, { from: block.first, to: start - 1 }];
}
