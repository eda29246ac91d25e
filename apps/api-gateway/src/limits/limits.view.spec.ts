// GET /limits in the spec's shapes: rate groups with remaining and next-available, absolute
// limits by their API names, JSON and XML.

import { XMLParser } from 'fast-xml-parser';
import type { LimitsAnswer } from '@app/contracts';
import { renderXml } from '../http/xml/xml-element';
import { DEFAULT_RATE_LIMITS } from '../rate-limit/rate-limit-table';
import { absoluteLimits, isoSeconds, limitsView, rateGroups } from './limits.view';

const S = 1_000_000;
const now = Date.parse('2012-10-05T03:47:15.250Z') * 1000;

const answer: LimitsAnswer = {
  limits: {
    instances: 20, cores: 50, ram: 102400, floating_ips: 10, metadata_items: 50, image_metadata_items: 50,
    injected_files: 5, injected_file_content_bytes: 10240, security_groups: 10, security_group_rules: 20,
  },
  inUse: { instances: 2, cores: 4, ram: 4096 },
  reserved: {},
};

describe('limits view', () => {
  it('writes times to the second, rounding a future one up', () => {
    expect(isoSeconds(now, now)).toBe('2012-10-05T03:47:15Z');
    expect(isoSeconds(now + 100_000, now)).toBe('2012-10-05T03:47:16Z');
  });

  it('groups the limits by uri and regex in table order, with remaining and next-available', () => {
    const states = DEFAULT_RATE_LIMITS.map((limit) => ({ limit, tat: undefined as number | undefined, now }));
    states[0].tat = now + 20_000; // one GET taken: 60 s / 3000
    states[2].tat = now + 60 * S; // PUT: all 10 taken
    const groups = rateGroups(states);
    expect(groups.map((g) => [g.uri, g.regex, g.limits.map((l) => l.verb)])).toEqual([
      ['*', '.*', ['GET', 'PUT', 'POST', 'DELETE']],
      ['*changes-since*', '.*changes-since.*', ['GET']],
    ]);
    expect(groups[0].limits[0]).toEqual({ verb: 'GET', value: 3000, remaining: 2999, unit: 'MINUTE', nextAvailable: '2012-10-05T03:47:15Z' });
    expect(groups[0].limits[1]).toEqual({ verb: 'PUT', value: 10, remaining: 0, unit: 'MINUTE', nextAvailable: '2012-10-05T03:47:22Z' });
    expect(groups[1].limits[0]).toMatchObject({ value: 200, remaining: 200 });
  });

  it('names the absolute limits as the spec does, then Nova usage counts', () => {
    expect(absoluteLimits(answer)).toEqual([
      ['maxServerMeta', 50], ['maxPersonality', 5], ['maxImageMeta', 50], ['maxPersonalitySize', 10240], ['maxSecurityGroupRules', 20],
      ['maxSecurityGroups', 10], ['maxTotalInstances', 20], ['maxTotalRAMSize', 102400], ['maxTotalCores', 50], ['maxTotalFloatingIps', 10],
      ['totalInstancesUsed', 2], ['totalCoresUsed', 4], ['totalRAMUsed', 4096], ['totalFloatingIpsUsed', 0], ['totalSecurityGroupsUsed', 0],
    ]);
  });

  it('answers the JSON and XML of the spec example', () => {
    const rates = rateGroups([{ limit: DEFAULT_RATE_LIMITS[0], tat: undefined, now }]);
    const view = limitsView(rates, [['maxTotalRAMSize', 102400], ['maxImageMeta', 50]]);
    expect(JSON.stringify(view.json)).toBe(
      JSON.stringify({
        limits: {
          absolute: { maxImageMeta: 50, maxTotalRAMSize: 102400 },
          rate: [{ limit: [{ 'next-available': '2012-10-05T03:47:15Z', remaining: 3000, unit: 'MINUTE', value: 3000, verb: 'GET' }], regex: '.*', uri: '*' }],
        },
      }),
    );
    const xml = renderXml(view.xml(), { atom: view.atom });
    expect(xml).toContain('<limits xmlns="http://docs.openstack.org/compute/api/v1.1"><rates><rate regex=".*" uri="*">');
    expect(xml).toContain('<limit next-available="2012-10-05T03:47:15Z" remaining="3000" unit="MINUTE" value="3000" verb="GET"/>');
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    expect(parsed.limits.absolute.limit).toEqual([{ name: 'maxTotalRAMSize', value: '102400' }, { name: 'maxImageMeta', value: '50' }]);
  });

  it('shows no rates when rate limiting is off', () => {
    const view = limitsView([], [['maxTotalInstances', 20]]);
    expect((view.json as { limits: { rate: unknown[] } }).limits.rate).toEqual([]);
    expect(renderXml(view.xml(), { atom: false })).toContain('<rates/>');
  });
});
