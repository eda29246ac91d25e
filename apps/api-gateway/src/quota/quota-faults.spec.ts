// The quota client's refusals as faults (http/domain-faults.ts): over a quota is 413 overLimit
// naming the resource, a malformed request 400, an unreachable quota app 503.

import { InvalidQuotaRequestError, QuotaExceededError, QuotaUnavailableError } from '@app/contracts';
import { domainFault } from '../http/domain-faults';

describe('quota faults', () => {
  it('over a quota: 413 overLimit naming the resource, no Retry-After', () => {
    const fault = domainFault(new QuotaExceededError('instances', 10, 10, 1))!;
    expect(fault.code).toBe(413);
    expect(fault.element).toBe('overLimit');
    expect(fault.message).toBe('Quota exceeded for instances: requested 1, but already used 10 of 10');
    expect(fault.details).toBe('maxTotalInstances is 10; 10 in use, 1 requested');
    expect(fault.headers).toEqual({});
  });

  it('a request the quota app refused as malformed: 400', () => {
    expect(domainFault(new InvalidQuotaRequestError('bad deltas'))).toMatchObject({ code: 400, message: 'bad deltas' });
  });

  it('no quota app to ask: 503 serviceUnavailable', () => {
    const fault = domainFault(new QuotaUnavailableError('no quota service is listening for quota.limits'))!;
    expect(fault).toMatchObject({ code: 503, element: 'serviceUnavailable', message: 'quota service unavailable', details: 'no quota service is listening for quota.limits' });
  });
});
