// Quota around a network change: reserve first, commit after the change, roll back when it
// fails; a refused reservation stops the change; settling is best effort.

import { QuotaClient, QuotaExceededError, type QuotaAnswer } from '@app/contracts';
import { withQuotaReservation } from './quota-reservation';

/** A QuotaClient over a transport that records each pattern and answers from `answers`. */
function quotaAnswering(answers: Record<string, QuotaAnswer<unknown>>) {
  const calls: string[] = [];
  const client = new QuotaClient(async <T>(pattern: string) => {
    calls.push(pattern);
    return answers[pattern] as QuotaAnswer<T>;
  });
  return { client, calls };
}

const request = { tenantId: 't', deltas: { floating_ips: 1 }, correlationId: 'req-1' };
const reserved: QuotaAnswer<unknown> = { ok: true, value: { reservationId: 'r-1', expiresAt: '2026-01-01T00:00:00Z' } };
const settled: QuotaAnswer<unknown> = { ok: true, value: null };

describe('withQuotaReservation', () => {
  it('passes the reservation to the change and commits after it', async () => {
    const { client, calls } = quotaAnswering({ 'quota.reserve': reserved, 'quota.commit': settled });
    const change = jest.fn(async (reservationId: string) => `made with ${reservationId}`);
    expect(await withQuotaReservation(client, request, change)).toBe('made with r-1');
    expect(calls).toEqual(['quota.reserve', 'quota.commit']);
  });

  it('rolls back when the change fails, and rethrows its error', async () => {
    const { client, calls } = quotaAnswering({ 'quota.reserve': reserved, 'quota.rollback': { ok: false, error: { code: 'UNAVAILABLE', message: 'down' } } });
    await expect(withQuotaReservation(client, request, async () => { throw new Error('name taken'); })).rejects.toThrow('name taken');
    expect(calls).toEqual(['quota.reserve', 'quota.rollback']);
  });

  it('makes no change when the quota refuses', async () => {
    const { client, calls } = quotaAnswering({ 'quota.reserve': { ok: false, error: { code: 'OVER_LIMIT', resource: 'floating_ips', limit: 2, used: 2, requested: 1 } } });
    const change = jest.fn();
    await expect(withQuotaReservation(client, request, change)).rejects.toThrow(QuotaExceededError);
    expect(change).not.toHaveBeenCalled();
    expect(calls).toEqual(['quota.reserve']);
  });

  it('answers the change even when the commit cannot be made (the reservation expires; the event counts)', async () => {
    const { client } = quotaAnswering({ 'quota.reserve': reserved, 'quota.commit': { ok: false, error: { code: 'UNAVAILABLE', message: 'down' } } });
    expect(await withQuotaReservation(client, request, async () => 42)).toBe(42);
  });
});
