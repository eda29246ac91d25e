// Quotas (nova quotas): limits, the reservation check, how many instances fit, the limits
// decider and the counting of usage from events. Pure arithmetic, no I/O.
export * from './quota-limits';
export * from './quota-check';
export * from './count-fit';
export * from './quota-limits.events';
export * as QuotaLimitsDecider from './quota-limits.decider';
export * from './usage-facts';
export * from './usage-ledger';
