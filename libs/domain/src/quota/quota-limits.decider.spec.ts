// The limits decider, given/when/then.

import { InvalidQuotaRequestError } from '@app/contracts';
import { decide, evolve, initialState, type QuotaLimitsCommand } from './quota-limits.decider';
import type { QuotaEvent } from './quota-limits.events';

const tenantId = '10000000000001';
const set = (limits: QuotaEvent['data']['limits']): QuotaEvent => ({ type: 'QuotaLimitsSet', data: { tenantId, limits } });
const command = (limits: Record<string, unknown>): QuotaLimitsCommand => ({ type: 'SetQuotaLimits', tenantId, limits: limits as never });

function given(events: QuotaEvent[]) {
  const state = events.reduce(evolve, initialState());
  return {
    state,
    when: (c: QuotaLimitsCommand) => ({
      then: (expected: QuotaEvent[]) => expect(decide(c, state)).toEqual(expected),
      thenThrows: (message: string) => {
        expect(() => decide(c, state)).toThrow(InvalidQuotaRequestError);
        expect(() => decide(c, state)).toThrow(message);
      },
    }),
  };
}

describe('quota limits decider', () => {
  it('sets the limits named', () => given([]).when(command({ instances: 5, cores: -1 })).then([set({ instances: 5, cores: -1 })]));
  it('sets again over an earlier change', () => given([set({ instances: 5 })]).when(command({ instances: 8 })).then([set({ instances: 8 })]));
  it('refuses an empty change', () => given([]).when(command({})).thenThrows('at least one limit'));
  it('refuses an unknown resource', () => given([]).when(command({ volumes: 3 })).thenThrows("unknown quota resource 'volumes'"));
  it('refuses a limit below -1', () => given([]).when(command({ ram: -5 })).thenThrows('ram must be an integer >= -1'));
  it('folds every change into the limits set so far', () => {
    expect(given([set({ instances: 5, ram: 1024 }), set({ instances: 9 })]).state).toEqual({ set: { instances: 9, ram: 1024 } });
  });
});
