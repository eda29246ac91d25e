// Quota for what the gateway asks the network app to create (a floating IP, a security group,
// a rule), as nova-api checked it: reserve first (QuotaExceededError, the 413 overLimit),
// then the change, naming the reservation so the quota app counts the resource once; commit
// right after it, roll back if it failed. Both settle calls are best effort: an unsettled
// reservation expires, and the event counts whatever the reservation's state
// (docs/quota.md, "A reservation's life").

import type { QuotaClient, QuotaDeltas } from '@app/contracts';

export async function withQuotaReservation<T>(
  quota: QuotaClient,
  request: { tenantId: string; deltas: QuotaDeltas; correlationId: string },
  change: (reservationId: string) => Promise<T>,
): Promise<T> {
  const { reservationId } = await quota.reserve(request);
  const settle = { reservationId, correlationId: request.correlationId };
  let result: T;
  try {
    result = await change(reservationId);
  } catch (error) {
    await quota.rollback(settle).catch(() => undefined);
    throw error;
  }
  await quota.commit(settle).catch(() => undefined);
  return result;
}
