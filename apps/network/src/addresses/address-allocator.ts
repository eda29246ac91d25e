// Picks a free address of a pool and takes it, inside the caller's transaction. The search
// starts at a random point (libs/domain address-candidate) and asks the database for the
// lowest free address from there, wrapping around once; the insert is ON CONFLICT DO NOTHING,
// so a replica that lost the race for a candidate (the unique (pool, address) decides) just
// asks again. Only when no range has a free address left is the pool exhausted.
// Nova: nova/db/sqlalchemy/api.py fixed_ip_associate_pool / floating_ip_allocate_address.

import { PoolExhaustedError } from '@app/contracts';
import { type CidrBlock, searchRanges, searchStart } from '@app/domain';
import type { SqlTx } from '@app/event-store';
import type { AllocatedAddressesRepository, Pool } from './allocated-addresses.repository';

/** Candidates lost to other allocators before this one gives up as unavailable. */
export const MAX_ALLOCATION_ATTEMPTS = 1000;

export class AddressAllocator {
  constructor(
    private readonly addresses: AllocatedAddressesRepository,
    private readonly random: () => number = Math.random,
  ) {}

  /**
   * Calls `take(address)` with free candidates until it returns a value (it took the address)
   * and returns that; throws PoolExhaustedError when no address of `block` is free.
   */
  async allocate<T>(tx: SqlTx, pool: Pool, block: CidrBlock, take: (address: number) => Promise<T | undefined>): Promise<T> {
    const ranges = searchRanges(block, searchStart(block, this.random()));
    for (let attempt = 0; attempt < MAX_ALLOCATION_ATTEMPTS; attempt++) {
      const candidate = await this.firstFree(tx, pool, ranges);
      if (candidate === undefined) throw new PoolExhaustedError(pool, block.cidr);
      const taken = await take(candidate);
      if (taken !== undefined) return taken;
    }
    throw new Error(`lost ${MAX_ALLOCATION_ATTEMPTS} races for a free ${pool} address of ${block.cidr}`);
  }

  private async firstFree(tx: SqlTx, pool: Pool, ranges: { from: number; to: number }[]): Promise<number | undefined> {
    for (const { from, to } of ranges) {
      const candidate = await this.addresses.lowestFree(tx, pool, from, to);
      if (candidate !== undefined) return candidate;
    }
    return undefined;
  }
}
