// The request spec of a ServerCreateRequested: what the flavor asks for and the zone hint.

import type { ServerCreateRequested } from '@app/domain/server';
import type { RequestSpec } from './host-state';

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/** The spec, or throws when the event carries no usable sizes (the consumer then parks it). */
export function requestSpecOf(data: ServerCreateRequested['data']): RequestSpec {
  const { vcpus, ramMb, diskGb, availabilityZone } = data;
  if (!isCount(vcpus) || !isCount(ramMb) || !isCount(diskGb)) {
    throw new Error(`ServerCreateRequested needs vcpus, ramMb and diskGb as counts, got ${JSON.stringify({ vcpus, ramMb, diskGb })}`);
  }
  return { vcpus, ramMb, diskGb, availabilityZone: typeof availabilityZone === 'string' && availabilityZone !== '' ? availabilityZone : null };
}
