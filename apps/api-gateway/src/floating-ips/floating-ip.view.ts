// Floating IPs in the API's JSON and XML shapes, exactly as the spec's examples (4.4.16,
// 4.4.17): `fixed_ip`, `id`, `instance_id`, `ip` in JSON (null when not associated); in XML
// the same four as child elements in the examples' order, "None" standing for null, and no
// Atom namespace (the examples have none).

import { represent, type Representation } from '../http/representation';
import { el, type XmlElement } from '../http/xml/xml-element';

export interface FloatingIpRecord {
  id: number;
  ip: string;
  fixedIp: string | null;
  /** The server it is associated with. */
  instanceId: string | null;
}

const NO_ATOM = { atom: false };
const none = (value: string | null) => value ?? 'None';

const json = (f: FloatingIpRecord) => ({ fixed_ip: f.fixedIp, id: f.id, instance_id: f.instanceId, ip: f.ip });
const xml = (f: FloatingIpRecord): XmlElement =>
  el('floating_ip', {}, el('instance_id', {}, none(f.instanceId)), el('ip', {}, f.ip), el('fixed_ip', {}, none(f.fixedIp)), el('id', {}, String(f.id)));

/** GET /os-floating-ips. */
export function floatingIpListView(ips: FloatingIpRecord[]): Representation {
  return represent({ floating_ips: ips.map(json) }, () => el('floating_ips', {}, ...ips.map(xml)), NO_ATOM);
}

/** GET /os-floating-ips/{id}, and the answer to POST /os-floating-ips. */
export function floatingIpView(ip: FloatingIpRecord): Representation {
  return represent({ floating_ip: json(ip) }, () => xml(ip), NO_ATOM);
}
