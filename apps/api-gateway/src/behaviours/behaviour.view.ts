// Behaviours in the API's JSON and XML shapes. The envelope speaks Nova's snake_case (id, seed,
// created_at, expires_at); criteria and action are the contract's objects as they were given.
// In XML a scalar field is an attribute, an object a child element, metadata `<meta key>`
// items and a sequence's actions `<action>` children of `<actions>`.

import type { Behaviour } from '@app/contracts';
import { represent, type Representation } from '../http/representation';
import { el, type XmlAttributeValue, type XmlElement } from '../http/xml/xml-element';

const NO_ATOM = { atom: false };

export interface ResetSummary {
  tenants: string[];
  behaviours: number;
  servers: number;
  floatingIps: number;
  securityGroups: number;
  keypairs: number;
  images: number;
  failures: { resource: string; id: string; tenantId: string | null; message: string }[];
}

function behaviourJson(b: Behaviour) {
  return { id: b.id, criteria: b.criteria, action: b.action, seed: b.seed, created_at: b.createdAt, expires_at: b.expiresAt };
}

/** An object as an element: scalars become attributes, objects children, lists wrappers of `item` elements. */
function objectXml(name: string, value: Record<string, unknown>, item = 'item'): XmlElement {
  const attrs: Record<string, XmlAttributeValue> = {};
  const children: XmlElement[] = [];
  for (const [key, field] of Object.entries(value)) {
    if (key === 'metadata' && field !== null && typeof field === 'object') {
      children.push(el('metadata', {}, ...Object.entries(field as Record<string, string>).map(([k, v]) => el('meta', { key: k }, v))));
    } else if (Array.isArray(field)) {
      children.push(el(key, {}, ...field.map((x) => objectXml(key === 'actions' ? 'action' : item, x as Record<string, unknown>))));
    } else if (field !== null && typeof field === 'object') {
      children.push(objectXml(key, field as Record<string, unknown>));
    } else {
      attrs[key] = field as XmlAttributeValue;
    }
  }
  return el(name, attrs, ...children);
}

const behaviourXml = (b: Behaviour): XmlElement =>
  el(
    'behaviour',
    { id: b.id, seed: b.seed, created_at: b.createdAt, expires_at: b.expiresAt },
    objectXml('criteria', b.criteria as Record<string, unknown>),
    objectXml('action', b.action as Record<string, unknown>),
  );

/** GET /os-behaviours: every behaviour not deleted, oldest first. */
export function behaviourListView(behaviours: Behaviour[]): Representation {
  return represent({ behaviours: behaviours.map(behaviourJson) }, () => el('behaviours', {}, ...behaviours.map(behaviourXml)), NO_ATOM);
}

/** GET /os-behaviours/{id} and the answer to a create. */
export function behaviourView(behaviour: Behaviour): Representation {
  return represent({ behaviour: behaviourJson(behaviour) }, () => behaviourXml(behaviour), NO_ATOM);
}

/** POST /os-behaviours/reset: what was asked to go, and what refused. */
export function resetView(s: ResetSummary): Representation {
  const json = {
    reset: {
      tenants: s.tenants,
      behaviours: s.behaviours,
      servers: s.servers,
      floating_ips: s.floatingIps,
      security_groups: s.securityGroups,
      keypairs: s.keypairs,
      images: s.images,
      failures: s.failures.map((f) => ({ resource: f.resource, id: f.id, tenant_id: f.tenantId, message: f.message })),
    },
  };
  return represent(
    json,
    () =>
      el(
        'reset',
        { behaviours: s.behaviours, servers: s.servers, floating_ips: s.floatingIps, security_groups: s.securityGroups, keypairs: s.keypairs, images: s.images },
        el('tenants', {}, ...s.tenants.map((id) => el('tenant', { id }))),
        el('failures', {}, ...s.failures.map((f) => el('failure', { resource: f.resource, id: f.id, tenant_id: f.tenantId }, f.message))),
      ),
    NO_ATOM,
  );
}
