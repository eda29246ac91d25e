// Which usage each event states, and the in-memory ledger that folds them (what the audit
// compares the stored usage with).

import { InvalidUsageEventError, usageFactOf } from './usage-facts';
import { UsageLedger } from './usage-ledger';

const tenantId = 't1';
const ev = (type: string, streamName: string, data: Record<string, unknown>) => ({ type, streamName, data: { tenantId, ...data } });

function totals(events: ReturnType<typeof ev>[]) {
  const ledger = new UsageLedger();
  for (const e of events) {
    const fact = usageFactOf(e);
    if (fact) ledger.apply(fact);
  }
  // A tenant that holds nothing of a resource has no entry for it.
  return Object.fromEntries([...(ledger.totals().get(tenantId) ?? new Map())]);
}

describe('usageFactOf', () => {
  it('counts a server request as one instance with its vcpus and RAM, naming its reservation', () => {
    expect(usageFactOf(ev('ServerCreateRequested', 'server-a', { vcpus: 2, ramMb: 4096, reservationId: 'r1' }))).toEqual({
      kind: 'acquire', holder: 'server-a', tenantId, amounts: { instances: 1, cores: 2, ram: 4096 }, reservationId: 'r1',
    });
  });
  it('names a rule by its group and id, and releases rules with their group', () => {
    expect(usageFactOf(ev('SecurityGroupRuleCreated', 'securitygroup-g', { ruleId: '7' }))).toMatchObject({ holder: 'securitygroup-g/rule/7', amounts: { security_group_rules: 1 } });
    expect(usageFactOf(ev('SecurityGroupDeleted', 'securitygroup-g', {}))).toEqual({ kind: 'release', holder: 'securitygroup-g', tenantId, withParts: true });
  });
  it('ignores events that are not about usage', () => {
    expect(usageFactOf(ev('ServerScheduled', 'server-a', {}))).toBeUndefined();
  });
  it.each([
    [ev('ServerCreateRequested', 'server-a', { vcpus: -1, ramMb: 1 }), 'vcpus must be an integer >= 0'],
    [ev('ServerCreateRequested', 'server-a', { vcpus: 1 }), 'ramMb must be an integer >= 0, got undefined'],
    [{ type: 'FloatingIpAllocated', streamName: 'floatingip-1', data: {} }, 'tenantId must be a non-empty string'],
    [ev('SecurityGroupRuleDeleted', 'securitygroup-g', {}), 'ruleId must be a non-empty string'],
  ])('refuses data it cannot count (%#)', (event, message) => {
    expect(() => usageFactOf(event)).toThrow(InvalidUsageEventError);
    expect(() => usageFactOf(event)).toThrow(message);
  });
});

describe('UsageLedger', () => {
  it('counts a server from its request until deleted, in BUILD and ERROR alike', () => {
    expect(totals([ev('ServerCreateRequested', 'server-a', { vcpus: 2, ramMb: 2048 }), ev('ServerCreateRequested', 'server-b', { vcpus: 1, ramMb: 512 })]))
      .toEqual({ instances: 2, cores: 3, ram: 2560 });
    expect(totals([ev('ServerCreateRequested', 'server-a', { vcpus: 2, ramMb: 2048 }), ev('ServerDeleted', 'server-a', {})])).toEqual({});
  });
  it('releases an abandoned build once, even when a delete follows', () => {
    expect(totals([
      ev('ServerCreateRequested', 'server-a', { vcpus: 2, ramMb: 2048 }), ev('ServerCreateRequested', 'server-b', { vcpus: 1, ramMb: 512 }),
      ev('ServerBuildAbandoned', 'server-a', {}), ev('ServerDeleted', 'server-a', {}),
    ])).toEqual({ instances: 1, cores: 1, ram: 512 });
  });
  it('counts a repeated request once', () => {
    expect(totals([ev('FloatingIpAllocated', 'floatingip-1', {}), ev('FloatingIpAllocated', 'floatingip-1', {})])).toEqual({ floating_ips: 1 });
  });
  it('counts floating IPs, groups and rules, and a group delete takes its rules along', () => {
    expect(totals([
      ev('FloatingIpAllocated', 'floatingip-1', {}), ev('FloatingIpAllocated', 'floatingip-2', {}), ev('FloatingIpDeallocated', 'floatingip-1', {}),
      ev('SecurityGroupCreated', 'securitygroup-g', {}), ev('SecurityGroupRuleCreated', 'securitygroup-g', { ruleId: '1' }),
      ev('SecurityGroupRuleCreated', 'securitygroup-g', { ruleId: '2' }), ev('SecurityGroupCreated', 'securitygroup-h', {}),
      ev('SecurityGroupRuleCreated', 'securitygroup-h', { ruleId: '1' }), ev('SecurityGroupRuleDeleted', 'securitygroup-h', { ruleId: '1' }),
      ev('SecurityGroupDeleted', 'securitygroup-g', {}),
    ])).toEqual({ floating_ips: 1, security_groups: 1 });
  });
});
