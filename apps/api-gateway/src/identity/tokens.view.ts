// The token answer in Keystone v2.0's JSON and XML shapes.

import { represent, type Representation } from '../http/representation';
import { el } from '../http/xml/xml-element';
import type { Tenant, User } from './identity-directory';
import type { CatalogService } from './service-catalog';
import type { IssuedToken } from './token.service';

export const IDENTITY_NAMESPACE = 'http://docs.openstack.org/identity/api/v2.0';

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function accessView(token: IssuedToken, user: User, tenant: Tenant, catalog: CatalogService[]): Representation {
  const json = {
    access: {
      token: { id: token.id, issued_at: iso(token.issuedAt), expires: iso(token.expires), tenant: { id: tenant.id, name: tenant.name } },
      user: { id: user.id, name: user.name, username: user.name, roles: user.roles.map((name) => ({ name })), roles_links: [] },
      serviceCatalog: catalog.map((s) => ({ ...s, endpoints_links: [] })),
    },
  };
  return represent(
    json,
    () =>
      el(
        'access',
        {},
        el('token', { id: token.id, issued_at: iso(token.issuedAt), expires: iso(token.expires) }, el('tenant', { id: tenant.id, name: tenant.name })),
        el('user', { id: user.id, name: user.name, username: user.name }, el('roles', {}, ...user.roles.map((name) => el('role', { name })))),
        el('serviceCatalog', {}, ...catalog.map((s) => el('service', { type: s.type, name: s.name }, ...s.endpoints.map((e) => el('endpoint', { ...e }))))),
      ),
    { atom: false, namespace: IDENTITY_NAMESPACE },
  );
}
