// os-quota-sets bodies: what a PUT may set, and the quota_set shape in JSON and XML.

import type { QuotaLimits } from '@app/contracts';
import { ComputeFault } from '../http/faults';
import { renderXml } from '../http/xml/xml-element';
import { parseXmlBody } from '../http/xml/xml-body';
import { quotaSetView, readQuotaSetUpdate } from './quota-set';

const refusal = (body: unknown) => {
  try {
    readQuotaSetUpdate(body);
  } catch (error) {
    expect(error).toBeInstanceOf(ComputeFault);
    expect((error as ComputeFault).code).toBe(400);
    return (error as ComputeFault).message;
  }
  throw new Error(`accepted ${JSON.stringify(body)}`);
};

const limits: QuotaLimits = {
  instances: 20, cores: 50, ram: 102400, floating_ips: 10, metadata_items: 50, image_metadata_items: 50,
  injected_files: 5, injected_file_content_bytes: 10240, security_groups: 10, security_group_rules: 20,
};

describe('quota set update', () => {
  it('takes the resources it names, from JSON numbers or XML text', () => {
    expect(readQuotaSetUpdate({ quota_set: { cores: 40, instances: 0 } })).toEqual({ cores: 40, instances: 0 });
    expect(readQuotaSetUpdate(parseXmlBody('<quota_set id="t1"><ram>2048</ram><security_groups>3</security_groups></quota_set>'))).toEqual({ ram: 2048, security_groups: 3 });
    expect(readQuotaSetUpdate({ quota_set: {} })).toEqual({});
  });

  it('ignores id and tenant_id, which clients send along', () => {
    expect(readQuotaSetUpdate({ quota_set: { tenant_id: 'x', id: 'y', floating_ips: 2 } })).toEqual({ floating_ips: 2 });
  });

  it('is a 400 naming the field for anything else', () => {
    expect(refusal(undefined)).toBe("Invalid input for field 'quota_set': is required and must be an object");
    expect(refusal({ quota_set: [1] })).toMatch(/'quota_set': is required/);
    expect(refusal({ quota_set: { cores: -2 } })).toBe("Invalid input for field 'quota_set.cores': must be -1 (unlimited) or an integer from 0 to 2147483647, got -2");
    expect(readQuotaSetUpdate({ quota_set: { cores: -1, ram: '-1' } })).toEqual({ cores: -1, ram: -1 });
    expect(refusal({ quota_set: { ram: 1.5 } })).toMatch(/'quota_set.ram': must be -1 \(unlimited\) or an integer/);
    expect(refusal({ quota_set: { ram: '12a' } })).toMatch(/'quota_set.ram': must be -1 \(unlimited\) or an integer/);
    expect(refusal({ quota_set: { ram: true } })).toMatch(/'quota_set.ram'/);
    expect(refusal({ quota_set: { ram: 2 ** 31 } })).toMatch(/'quota_set.ram'/);
    expect(refusal({ quota_set: { instances: null } })).toMatch(/'quota_set.instances'/);
    expect(refusal({ quota_set: { volumes: 10 } })).toMatch(/^Invalid input for field 'quota_set.volumes': is not a quota resource \(one of instances, cores, ram/);
  });
});

describe('quota set view', () => {
  it('is Nova quota_set, in JSON and XML', () => {
    const view = quotaSetView('10000000000001', limits);
    expect(view.json).toEqual({ quota_set: { id: '10000000000001', ...limits } });
    const xml = renderXml(view.xml(), { atom: view.atom });
    expect(xml).toContain('<quota_set id="10000000000001" xmlns="http://docs.openstack.org/compute/api/v1.1"><instances>20</instances><cores>50</cores>');
    expect(xml).toContain('<security_group_rules>20</security_group_rules></quota_set>');
  });
});
