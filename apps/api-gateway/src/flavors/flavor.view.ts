// Flavors in the spec's JSON and XML shapes (4.4.14, 4.4.15): the list gives id, name and
// links; the detail list and one flavor give every field (ids are numbers in JSON).

import type { Link } from '../http/links';
import { resourceLinks } from '../http/links';
import { represent, type Representation } from '../http/representation';
import { atomLink, el, type XmlElement } from '../http/xml/xml-element';
import type { Flavor } from './flavor';

export interface FlavorLinks {
  publicUrl: string;
  tenantId: string;
}

const linksOf = (f: Flavor, at: FlavorLinks): Link[] => resourceLinks(at.publicUrl, at.tenantId, 'flavors', f.id);

function summaryJson(f: Flavor, at: FlavorLinks) {
  return { id: f.id, links: linksOf(f, at), name: f.name };
}

function detailJson(f: Flavor, at: FlavorLinks) {
  return { disk: f.disk, id: f.id, links: linksOf(f, at), name: f.name, ram: f.ram, rxtx_cap: f.rxtxCap, rxtx_quota: f.rxtxQuota, swap: f.swap, vcpus: f.vcpus };
}

function summaryXml(f: Flavor, at: FlavorLinks): XmlElement {
  return el('flavor', { id: f.id, name: f.name }, ...linksOf(f, at).map(atomLink));
}

function detailXml(f: Flavor, at: FlavorLinks): XmlElement {
  const attrs = { disk: f.disk, id: f.id, name: f.name, ram: f.ram, rxtx_cap: f.rxtxCap, rxtx_quota: f.rxtxQuota, swap: f.swap, vcpus: f.vcpus };
  return el('flavor', attrs, ...linksOf(f, at).map(atomLink));
}

/** GET /flavors (detail = false) and /flavors/detail (detail = true). */
export function flavorsView(flavors: Flavor[], at: FlavorLinks, detail: boolean): Representation {
  const json = detail ? detailJson : summaryJson;
  const xml = detail ? detailXml : summaryXml;
  return represent({ flavors: flavors.map((f) => json(f, at)) }, () => el('flavors', {}, ...flavors.map((f) => xml(f, at))));
}

/** GET /flavors/{id}. */
export function flavorView(flavor: Flavor, at: FlavorLinks): Representation {
  return represent({ flavor: detailJson(flavor, at) }, () => detailXml(flavor, at));
}
