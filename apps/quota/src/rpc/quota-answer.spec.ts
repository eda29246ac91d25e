// Refusals travel as data and come back as the same error classes through QuotaClient.

import { InvalidQuotaRequestError, QuotaClient, QuotaExceededError, QuotaUnavailableError, ReservationNotFoundError } from '@app/contracts';
import { answer } from './quota-answer';
import { countFitRequest, reservationRequest, reserveRequest, updateLimitsRequest } from './quota-requests';

function clientAnswering(work: () => unknown): QuotaClient {
  return new QuotaClient(async <T>() => JSON.parse(JSON.stringify(await answer(work as () => T, () => undefined))));
}

describe('quota answers', () => {
  it('carry a value, and null for nothing', async () => {
    expect(await answer(() => 3, jest.fn())).toEqual({ ok: true, value: 3 });
    expect(await answer(() => undefined, jest.fn())).toEqual({ ok: true, value: null });
  });

  it.each([
    [() => { throw new QuotaExceededError('cores', 20, 18, 4); }, QuotaExceededError, 'Quota exceeded for cores: requested 4, but already used 18 of 20'],
    [() => { throw new ReservationNotFoundError('r-1'); }, ReservationNotFoundError, 'Reservation r-1 not found'],
    [() => { throw new InvalidQuotaRequestError('deltas must be an object'); }, InvalidQuotaRequestError, 'deltas must be an object'],
    [() => { throw new Error('connection terminated'); }, QuotaUnavailableError, 'the quota service failed: connection terminated'],
  ])('turn a refusal into the error the client throws (%#)', async (work, type, message) => {
    const attempt = clientAnswering(work).reserve({ tenantId: 't', deltas: { instances: 1 }, correlationId: 'req-1' });
    await expect(attempt).rejects.toThrow(type);
    await expect(attempt).rejects.toThrow(message);
  });

  it('keep the details of OVER_LIMIT', async () => {
    const error = await clientAnswering(() => { throw new QuotaExceededError('instances', 20, 20, 1); }).reserve({ tenantId: 't', deltas: {}, correlationId: '' }).catch((e) => e);
    expect(error).toMatchObject({ resource: 'instances', limit: 20, used: 20, requested: 1 });
  });

  it('log only unexpected failures', async () => {
    const onFailure = jest.fn();
    await answer(() => { throw new ReservationNotFoundError('r'); }, onFailure);
    expect(onFailure).not.toHaveBeenCalled();
    await answer(() => { throw new TypeError('boom'); }, onFailure);
    expect(onFailure).toHaveBeenCalledWith(expect.any(TypeError));
  });
});

describe('quota requests', () => {
  it.each([
    [() => reserveRequest(null), 'the request must be an object'],
    [() => reserveRequest({ deltas: {}, correlationId: 'r' }), 'tenantId must be a string, got undefined'],
    [() => reserveRequest({ tenantId: '', deltas: {}, correlationId: 'r' }), 'tenantId must be 1 to 255 characters'],
    [() => reserveRequest({ tenantId: 't', deltas: {} }), 'correlationId must be a string'],
    [() => reservationRequest({ reservationId: 'nope', correlationId: 'r' }), 'reservationId must be a UUID, got "nope"'],
    [() => countFitRequest({ tenantId: 't', perInstance: { cores: 1, ram: -1 }, maxCount: 1 }), 'ram must be an integer from 0 to'],
    [() => countFitRequest({ tenantId: 't', perInstance: { cores: 1, ram: 1 }, maxCount: 0 }), 'maxCount must be an integer from 1 to'],
    [() => countFitRequest({ tenantId: 't', maxCount: 1 }), 'the request must be an object, got undefined'],
    [() => updateLimitsRequest({ tenantId: 't', limits: {}, correlationId: 'r' }), 'userId must be a string'],
  ])('refuse a malformed message (%#)', (parse, message) => {
    expect(parse).toThrow(InvalidQuotaRequestError);
    expect(parse).toThrow(message);
  });

  it('pass a well-formed message through', () => {
    expect(countFitRequest({ tenantId: 't', perInstance: { cores: 2, ram: 4096 }, maxCount: 3, extra: 1 })).toEqual({ tenantId: 't', perInstance: { cores: 2, ram: 4096 }, maxCount: 3 });
  });
});
