// How many instances of one flavor still fit a tenant's quota, for a multi-create (spec
// 4.4.5.2, min_count/max_count): the headroom of instances, cores and RAM, each divided by
// what one instance takes, and the smallest wins. Nova: nova/compute/api.py
// _check_num_instances_quota ("allowed = headroom['instances']; min with cores // vcpus, ram
// // memory_mb"). Advisory: it reserves nothing.

import type { CountFitAnswer, QuotaLimits, QuotaResource } from '@app/contracts';
import { type TenantUsage, usedOf } from './quota-check';
import { UNLIMITED } from './quota-limits';

export interface PerInstance {
  cores: number;
  ram: number;
}

/** What is left of a resource's limit: Infinity when unlimited, never below 0. */
export function headroom(limits: QuotaLimits, usage: TenantUsage, resource: QuotaResource): number {
  const limit = limits[resource];
  if (limit === UNLIMITED) return Number.POSITIVE_INFINITY;
  return Math.max(0, limit - usedOf(usage, resource));
}

/** How many of `perInstance` fit, up to `maxCount`, and which resource stopped more. */
export function countFit(limits: QuotaLimits, usage: TenantUsage, perInstance: PerInstance, maxCount: number): CountFitAnswer {
  const perResource: [QuotaResource, number][] = [
    ['instances', headroom(limits, usage, 'instances')],
    ['cores', perInstance.cores > 0 ? Math.floor(headroom(limits, usage, 'cores') / perInstance.cores) : Number.POSITIVE_INFINITY],
    ['ram', perInstance.ram > 0 ? Math.floor(headroom(limits, usage, 'ram') / perInstance.ram) : Number.POSITIVE_INFINITY],
  ];
  const fits = Math.min(maxCount, ...perResource.map(([, n]) => n));
  if (fits >= maxCount) return { fits: maxCount };
  const limitedBy = perResource.find(([, n]) => n === fits)![0];
  return { fits, limitedBy };
}
