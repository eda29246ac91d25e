// What a usage event means for a tenant's usage, as data: a holder (the resource, named by its
// stream, a rule by its group's stream and its id) acquires amounts of counted resources, or
// releases what it holds. Keeping "who holds what" makes counting idempotent: a holder
// acquires once and releases only what it holds, so a repeated or a second terminal event
// (deleted after abandoned) changes nothing. Nova counted instances with their vcpus and
// memory_mb the same way (nova/quota.py _sync_instances), from the rows that were not deleted.

import { type QuotaDeltas, type UsageEvent, UsageEventType, isUsageEventType } from '@app/contracts';

export type UsageFact =
  | { kind: 'acquire'; holder: string; tenantId: string; amounts: QuotaDeltas; reservationId?: string }
  /** `withParts`: the holder's parts (a group's rules) are released with it. */
  | { kind: 'release'; holder: string; tenantId: string; withParts: boolean };

/** A usage event whose data the quota app cannot count: parked by the consumer, not guessed. */
export class InvalidUsageEventError extends Error {
  constructor(type: string, stream: string, problem: string) {
    super(`${type} in ${stream} cannot be counted: ${problem}`);
    this.name = 'InvalidUsageEventError';
  }
}

/** The holder name of a part (a security group's rule): `<group stream>/rule/<ruleId>`. */
export function partHolder(holder: string, part: string, id: string): string {
  return `${holder}/${part}/${id}`;
}

/** Is `holder` the `parent` itself or one of its parts? */
export function isHolderOrPart(holder: string, parent: string): boolean {
  return holder === parent || holder.startsWith(`${parent}/`);
}

type Fields = Record<string, unknown>;

function text(event: { type: string; streamName: string }, data: Fields, field: string): string {
  const value = data[field];
  if (typeof value !== 'string' || value.length === 0) throw new InvalidUsageEventError(event.type, event.streamName, `${field} must be a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}

function count(event: { type: string; streamName: string }, data: Fields, field: string): number {
  const value = data[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidUsageEventError(event.type, event.streamName, `${field} must be an integer >= 0, got ${JSON.stringify(value)}`);
  }
  return value;
}

function reservation(event: { type: string; streamName: string }, data: Fields): string | undefined {
  return data.reservationId === undefined || data.reservationId === null ? undefined : text(event, data, 'reservationId');
}

/** The fact an event states, or undefined when it is not a usage event. Throws InvalidUsageEventError. */
export function usageFactOf(event: { type: string; streamName: string; data: unknown }): UsageFact | undefined {
  if (!isUsageEventType(event.type)) return undefined;
  if (typeof event.data !== 'object' || event.data === null) throw new InvalidUsageEventError(event.type, event.streamName, 'data must be an object');
  const data = event.data as Fields;
  const holder = event.streamName;
  const tenantId = text(event, data, 'tenantId');
  const type = event.type as UsageEvent['type'];
  switch (type) {
    case UsageEventType.ServerCreateRequested:
      return { kind: 'acquire', holder, tenantId, amounts: { instances: 1, cores: count(event, data, 'vcpus'), ram: count(event, data, 'ramMb') }, reservationId: reservation(event, data) };
    case UsageEventType.ServerDeleted:
    case UsageEventType.ServerBuildAbandoned:
    case UsageEventType.FloatingIpDeallocated:
      return { kind: 'release', holder, tenantId, withParts: false };
    case UsageEventType.FloatingIpAllocated:
      return { kind: 'acquire', holder, tenantId, amounts: { floating_ips: 1 }, reservationId: reservation(event, data) };
    case UsageEventType.SecurityGroupCreated:
      return { kind: 'acquire', holder, tenantId, amounts: { security_groups: 1 }, reservationId: reservation(event, data) };
    case UsageEventType.SecurityGroupDeleted:
      return { kind: 'release', holder, tenantId, withParts: true };
    case UsageEventType.SecurityGroupRuleCreated:
      return { kind: 'acquire', holder: partHolder(holder, 'rule', text(event, data, 'ruleId')), tenantId, amounts: { security_group_rules: 1 }, reservationId: reservation(event, data) };
    case UsageEventType.SecurityGroupRuleDeleted:
      return { kind: 'release', holder: partHolder(holder, 'rule', text(event, data, 'ruleId')), tenantId, withParts: false };
    default: {
      const _exhaustive: never = type;
      return _exhaustive;
    }
  }
}
