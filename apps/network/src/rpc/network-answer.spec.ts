// Refusals travel as data and come back as the same error classes through NetworkClient; a
// malformed message (floating IPs and security groups alike) is INVALID_REQUEST naming the field.

import {
  AutoAssignedFloatingIpError, FloatingIpInUseError, FloatingIpNotAssociatedError, FloatingIpNotFoundError, InvalidNetworkRequestError,
  InvalidSecurityGroupError, NetworkClient, NetworkUnavailableError, PoolExhaustedError, SecurityGroupExistsError, SecurityGroupNotFoundError,
  SecurityGroupRuleExistsError, SecurityGroupRuleNotFoundError,
} from '@app/contracts';
import { answer } from './network-answer';
import { allocateFloatingIpRequest, associateFloatingIpRequest, deallocateFloatingIpRequest, getFloatingIpRequest } from './network-requests';
import { createSecurityGroupRequest, createSecurityGroupRuleRequest, findSecurityGroupsRequest, listSecurityGroupsRequest } from './security-group-requests';

function clientAnswering(work: () => unknown): NetworkClient {
  return new NetworkClient(async <T>() => JSON.parse(JSON.stringify(await answer(work as () => T, () => undefined))));
}

describe('network answers', () => {
  it('carry a value, and null for nothing', async () => {
    expect(await answer(() => 3, jest.fn())).toEqual({ ok: true, value: 3 });
    expect(await answer(() => undefined, jest.fn())).toEqual({ ok: true, value: null });
  });

  it.each([
    [() => { throw new PoolExhaustedError('floating', '15.0.0.0/29'); }, PoolExhaustedError, 'No more floating IP addresses: every address of 15.0.0.0/29 is allocated'],
    [() => { throw new FloatingIpNotFoundError('Floating ip not found for id 7'); }, FloatingIpNotFoundError, 'Floating ip not found for id 7'],
    [() => { throw new FloatingIpInUseError('15.0.0.2', 's-1'); }, FloatingIpInUseError, 'Floating ip 15.0.0.2 is already associated with server s-1'],
    [() => { throw new FloatingIpNotAssociatedError('15.0.0.2', 's-1'); }, FloatingIpNotAssociatedError, 'Floating ip 15.0.0.2 is not associated with server s-1'],
    [() => { throw new InvalidNetworkRequestError('id must be a positive integer'); }, InvalidNetworkRequestError, 'id must be a positive integer'],
    [() => { throw new AutoAssignedFloatingIpError('15.0.0.3', 'deallocate'); }, AutoAssignedFloatingIpError, 'Cannot deallocate auto assigned floating ip 15.0.0.3'],
    [() => { throw new SecurityGroupNotFoundError('Security group 4 not found.'); }, SecurityGroupNotFoundError, 'Security group 4 not found.'],
    [() => { throw new SecurityGroupRuleNotFoundError('Rule (9) not found'); }, SecurityGroupRuleNotFoundError, 'Rule (9) not found'],
    [() => { throw new InvalidSecurityGroupError("Unable to delete system group 'default'"); }, InvalidSecurityGroupError, "Unable to delete system group 'default'"],
    [() => { throw new SecurityGroupExistsError('web'); }, SecurityGroupExistsError, 'Security group web already exists'],
    [() => { throw new SecurityGroupRuleExistsError(12); }, SecurityGroupRuleExistsError, 'This rule already exists in group 12'],
    [() => { throw new Error('connection terminated'); }, NetworkUnavailableError, 'the network service failed: connection terminated'],
  ])('turn a refusal into the error the client throws (%#)', async (work, type, message) => {
    const attempt = clientAnswering(work).allocateFloatingIp({ tenantId: 't', correlationId: 'req-1' });
    await expect(attempt).rejects.toThrow(type);
    await expect(attempt).rejects.toThrow(message);
  });

  it('keep the details of POOL_EXHAUSTED', async () => {
    const error = await clientAnswering(() => { throw new PoolExhaustedError('fixed', '10.0.0.0/29'); }).allocateFixedIp({ tenantId: 't', serverId: 's', correlationId: '' }).catch((e) => e);
    expect(error).toMatchObject({ pool: 'fixed', cidr: '10.0.0.0/29', code: 'POOL_EXHAUSTED' });
  });

  it('log only unexpected failures', async () => {
    const onFailure = jest.fn();
    await answer(() => { throw new PoolExhaustedError('fixed', 'x'); }, onFailure);
    expect(onFailure).not.toHaveBeenCalled();
    await answer(() => { throw new TypeError('boom'); }, onFailure);
    expect(onFailure).toHaveBeenCalledWith(expect.any(TypeError));
  });
});

describe('security group requests', () => {
  it.each([
    [() => createSecurityGroupRuleRequest({ tenantId: 't', parentGroupId: '5', rule: {}, correlationId: 'r' }), 'parentGroupId must be a positive integer, got "5"'],
    [() => createSecurityGroupRuleRequest({ tenantId: 't', parentGroupId: 5, rule: { ipProtocol: 'tcp' }, correlationId: 'r' }), 'rule.fromPort is required (null when not set)'],
    [() => createSecurityGroupRuleRequest({ tenantId: 't', parentGroupId: 5, correlationId: 'r' }), 'rule must be an object'],
    [() => findSecurityGroupsRequest({ tenantId: 't', names: 'default', correlationId: 'r' }), 'names must be a list of at most 1000 strings'],
    [() => createSecurityGroupRequest({ tenantId: 't', name: 'n', correlationId: 'r' }), 'description must be a string'],
    [() => listSecurityGroupsRequest({ tenantId: 't' }), 'correlationId must be a string'],
  ])('refuse a malformed message (%#)', (parse, message) => {
    expect(parse).toThrow(InvalidNetworkRequestError);
    expect(parse).toThrow(message);
  });

  it('pass a rule through as sent, for the handler to check', () => {
    const rule = { ipProtocol: 'tcp', fromPort: 1, toPort: 2, cidr: '0.0.0.0/0', groupId: null };
    expect(createSecurityGroupRuleRequest({ tenantId: 't', parentGroupId: 5, rule, reservationId: 'q', correlationId: 'r' })).toEqual({
      tenantId: 't', parentGroupId: 5, rule, reservationId: 'q', correlationId: 'r',
    });
  });
});

describe('network requests', () => {
  it.each([
    [() => allocateFloatingIpRequest(null), 'the request must be an object'],
    [() => allocateFloatingIpRequest({ correlationId: 'r' }), 'tenantId must be a string, got undefined'],
    [() => allocateFloatingIpRequest({ tenantId: '', correlationId: 'r' }), 'tenantId must be 1 to 255 characters'],
    [() => allocateFloatingIpRequest({ tenantId: 't' }), 'correlationId must be a string'],
    [() => allocateFloatingIpRequest({ tenantId: 't', correlationId: 'r', autoAssignTo: { serverId: 's', fixedIp: '10.0.0.300' } }), "fixedIp: '10.0.0.300' has an octet above 255"],
    [() => associateFloatingIpRequest({ tenantId: 't', address: 'x', serverId: 's', fixedIp: '10.0.0.2', correlationId: 'r' }), "address: 'x' is not an IPv4 address"],
    [() => deallocateFloatingIpRequest({ tenantId: 't', id: '5', correlationId: 'r' }), 'id must be a positive integer, got "5"'],
    [() => getFloatingIpRequest({ tenantId: 't', id: 0 }), 'id must be a positive integer, got 0'],
  ])('refuse a malformed message (%#)', (parse, message) => {
    expect(parse).toThrow(InvalidNetworkRequestError);
    expect(parse).toThrow(message);
  });

  it('pass a well-formed message through, without extra fields', () => {
    expect(allocateFloatingIpRequest({ tenantId: 't', correlationId: 'r', extra: 1, autoAssignTo: { serverId: 's', fixedIp: '10.0.0.2' } })).toEqual({
      tenantId: 't', correlationId: 'r', autoAssignTo: { serverId: 's', fixedIp: '10.0.0.2' },
    });
  });
});
