// The decider of a tenant's limits as an admin sets them: the state is the limits set so far
// (what overrides the defaults and the operator's configuration); a change names at least one
// known resource, each with a limit of -1 (unlimited) or more. Lowering a limit below what
// is in use is allowed, as in Nova of that time: it refuses new reservations, takes nothing
// away. Nova: nova/api/openstack/compute/contrib/quotas.py update, nova/db quota_update.

import { InvalidQuotaRequestError, type QuotaLimits } from '@app/contracts';
import { QuotaEventType, type QuotaEvent } from './quota-limits.events';
import { limitsProblem } from './quota-limits';

export interface QuotaLimitsState {
  /** The limits set through the API so far, by resource. */
  set: Partial<QuotaLimits>;
}

export type QuotaLimitsCommand = { type: 'SetQuotaLimits'; tenantId: string; limits: Partial<QuotaLimits> };

export function initialState(): QuotaLimitsState {
  return { set: {} };
}

export function evolve(state: QuotaLimitsState, event: QuotaEvent): QuotaLimitsState {
  switch (event.type) {
    case QuotaEventType.LimitsSet:
      return { set: { ...state.set, ...event.data.limits } };
    default: {
      const _exhaustive: never = event.type;
      return _exhaustive;
    }
  }
}

export function decide(command: QuotaLimitsCommand, _state: QuotaLimitsState): QuotaEvent[] {
  switch (command.type) {
    case 'SetQuotaLimits': {
      const problem = limitsProblem(command.limits);
      if (problem) throw new InvalidQuotaRequestError(problem);
      if (Object.keys(command.limits).length === 0) throw new InvalidQuotaRequestError('an update must set at least one limit');
      return [{ type: QuotaEventType.LimitsSet, data: { tenantId: command.tenantId, limits: { ...command.limits } } }];
    }
    default: {
      const _exhaustive: never = command.type;
      return _exhaustive;
    }
  }
}
