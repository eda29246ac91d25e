// Flavors render as the spec's examples, in JSON and XML.

import { renderXml } from '../http/xml/xml-element';
import type { Flavor } from './flavor';
import { parseFlavorQuery } from './flavor-query';
import { flavorView, flavorsView } from './flavor.view';

const xlarge: Flavor = { id: 104, name: 'standard.xlarge', ram: 16384, disk: 480, vcpus: 4, swap: 0, rxtxQuota: 0, rxtxCap: 0 };
const at = { publicUrl: 'https://az-3.region-a.geo-1.compute.hpcloudsvc.com', tenantId: '36991859863737' };
const links = [
  { href: 'https://az-3.region-a.geo-1.compute.hpcloudsvc.com/v1.1/36991859863737/flavors/104', rel: 'self' },
  { href: 'https://az-3.region-a.geo-1.compute.hpcloudsvc.com/36991859863737/flavors/104', rel: 'bookmark' },
];

describe('flavor view', () => {
  it('gives one flavor as the spec example, in JSON and XML', () => {
    const view = flavorView(xlarge, at);
    expect(view.json).toEqual({ flavor: { disk: 480, id: 104, links, name: 'standard.xlarge', ram: 16384, rxtx_cap: 0, rxtx_quota: 0, swap: 0, vcpus: 4 } });
    expect(renderXml(view.xml())).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<flavor disk="480" id="104" name="standard.xlarge" ram="16384" rxtx_cap="0" rxtx_quota="0" swap="0" vcpus="4" xmlns="http://docs.openstack.org/compute/api/v1.1" xmlns:atom="http://www.w3.org/2005/Atom">' +
        `<atom:link href="${links[0].href}" rel="self"/><atom:link href="${links[1].href}" rel="bookmark"/></flavor>`,
    );
  });

  it('lists id, name and links only; the detail list every field', () => {
    expect(flavorsView([xlarge], at, false).json).toEqual({ flavors: [{ id: 104, links, name: 'standard.xlarge' }] });
    expect(renderXml(flavorsView([xlarge], at, false).xml())).toContain('<flavors xmlns="http://docs.openstack.org/compute/api/v1.1" xmlns:atom="http://www.w3.org/2005/Atom"><flavor id="104" name="standard.xlarge"><atom:link');
    expect((flavorsView([xlarge], at, true).json as { flavors: object[] }).flavors[0]).toMatchObject({ ram: 16384, disk: 480, vcpus: 4, swap: 0, rxtx_quota: 0, rxtx_cap: 0 });
    expect(renderXml(flavorsView([xlarge], at, true).xml())).toContain('<flavor disk="480" id="104" name="standard.xlarge" ram="16384"');
  });
});

describe('flavor query', () => {
  it('reads minRam and minDisk as integers, and pages', () => {
    expect(parseFlavorQuery({ minRam: '2048', minDisk: '60', limit: '2', marker: '101' })).toEqual({ minRam: 2048, minDisk: 60, page: { limit: 2, marker: '101' } });
    expect(parseFlavorQuery({})).toEqual({ minRam: undefined, minDisk: undefined, page: { limit: 1000 } });
  });
  it('refuses a non-integer filter with a 400 naming it', () => {
    expect(() => parseFlavorQuery({ minRam: 'lots' })).toThrow(/minRam/);
    expect(() => parseFlavorQuery({ minDisk: '1.5' })).toThrow(/minDisk/);
  });
});
