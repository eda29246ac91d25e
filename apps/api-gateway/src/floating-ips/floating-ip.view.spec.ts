// Floating IP views: the spec's JSON and XML shapes (4.4.16, 4.4.17), field for field, with
// "None" for null in XML as the examples show.

import { renderXml } from '../http/xml/xml-element';
import type { Representation } from '../http/representation';
import { floatingIpListView, floatingIpView } from './floating-ip.view';

const xml = (r: Representation) => renderXml(r.xml(), { atom: r.atom, namespace: r.namespace });
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns="http://docs.openstack.org/compute/api/v1.1"';
const free = { id: 980, ip: '15.185.227.211', fixedIp: null, instanceId: null };
const associated = { id: 1146, ip: '15.185.228.121', fixedIp: '10.0.0.5', instanceId: 'a6b4c1e2-0000-4000-8000-000000000001' };

describe('floating IP views', () => {
  it('list: fixed_ip, id, instance_id, ip in JSON; the four elements in the example order in XML', () => {
    const view = floatingIpListView([free, associated]);
    expect(view.json).toEqual({
      floating_ips: [
        { fixed_ip: null, id: 980, instance_id: null, ip: '15.185.227.211' },
        { fixed_ip: '10.0.0.5', id: 1146, instance_id: associated.instanceId, ip: '15.185.228.121' },
      ],
    });
    expect(Object.keys((view.json as { floating_ips: object[] }).floating_ips[0])).toEqual(['fixed_ip', 'id', 'instance_id', 'ip']);
    expect(xml(view)).toBe(
      `${HEAD}<floating_ips ${NS}>` +
        '<floating_ip><instance_id>None</instance_id><ip>15.185.227.211</ip><fixed_ip>None</fixed_ip><id>980</id></floating_ip>' +
        `<floating_ip><instance_id>${associated.instanceId}</instance_id><ip>15.185.228.121</ip><fixed_ip>10.0.0.5</fixed_ip><id>1146</id></floating_ip>` +
        '</floating_ips>',
    );
    expect(xml(floatingIpListView([]))).toBe(`${HEAD}<floating_ips ${NS}/>`);
  });

  it('one: wrapped in floating_ip', () => {
    const view = floatingIpView(free);
    expect(view.json).toEqual({ floating_ip: { fixed_ip: null, id: 980, instance_id: null, ip: '15.185.227.211' } });
    expect(xml(view)).toBe(`${HEAD}<floating_ip ${NS}><instance_id>None</instance_id><ip>15.185.227.211</ip><fixed_ip>None</fixed_ip><id>980</id></floating_ip>`);
  });
});
