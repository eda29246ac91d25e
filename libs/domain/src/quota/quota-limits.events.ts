// The facts of a tenant's quota, one stream per tenant (`quota-<tenantId>`). The admin who
// made a change is in the event's metadata (userId), with the request's correlation id.
// Event type names are public once stored: never rename one.

import type { QuotaLimits } from '@app/contracts';

export const QuotaEventType = {
  /** An admin set some of the tenant's limits (os-quota-sets update); the others keep theirs. */
  LimitsSet: 'QuotaLimitsSet',
} as const;

export interface QuotaLimitsSetData {
  tenantId: string;
  /** Only the limits this change sets; -1 is unlimited. */
  limits: Partial<QuotaLimits>;
}

export type QuotaEvent = { type: typeof QuotaEventType.LimitsSet; data: QuotaLimitsSetData };
