// The fault of a server no host could take: Nova's NoValidHost ("No valid host was found. ",
// nova/exception.py) with the filter trace as its details, so a reader sees which filter
// removed the last hosts, and the hosts whose room concurrent claims took first, if any.

import type { ServerFault } from '@app/domain/server';
import { type FilterStep, traceText } from './filter-scheduler';

export const NO_VALID_HOST_MESSAGE = 'No valid host was found. ';

export function noValidHostFault(trace: readonly FilterStep[], lostClaims: readonly string[], created: string): ServerFault {
  const details = [traceText(trace)];
  if (lostClaims.length > 0) details.push(`Claims failed on ${lostClaims.length} host(s), taken concurrently: ${lostClaims.join(', ')}`);
  return { code: 500, message: NO_VALID_HOST_MESSAGE, details: details.filter((d) => d !== '').join('; '), created };
}
