// The tenants a load run spreads over. Up to two: the default identity's demo and alt, so a
// small run works against any stack. More: load-01 .. load-NN (user = password = tenant name),
// which exist only when the gateway runs with IDENTITY_FILE=config/identity.load.json
// (written by make-identity.ts).

import type { Credentials } from './load-types';

export const LOAD_IDENTITY_FILE = 'config/identity.load.json';
/** How many load-NN tenants make-identity.ts writes by default. */
export const DEFAULT_LOAD_TENANTS = 20;

export function loadTenantName(n: number): string {
  return `load-${String(n).padStart(2, '0')}`;
}

/** Credentials of the `count` tenants a run uses. */
export function tenantsFor(count: number): Credentials[] {
  const names = count <= 2 ? ['demo', 'alt'].slice(0, count) : Array.from({ length: count }, (_, i) => loadTenantName(i + 1));
  return names.map((name) => ({ username: name, password: name, tenantName: name }));
}

/** The administrator of the default identity files, who may lift quotas. */
export const DEFAULT_ADMIN: Credentials = { username: 'admin', password: 'admin', tenantName: 'admin' };
