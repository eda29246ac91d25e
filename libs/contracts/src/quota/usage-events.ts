// The events the quota app counts usage from, and the least their data must hold. The apps
// that own servers, floating IPs and security groups write them (with more fields if they
// like); the quota app consumes them and keeps each tenant's usage in step with what the
// tenant really holds, as Nova's quota_usages were meant to be. Event type names are public
// once stored: never rename one. docs/quota.md tells the counting rules.

import { StreamCategory } from '../events/stream-names';

export const UsageEventType = {
  /** A server is asked for (spec 4.4.5.2): it counts from here, in BUILD and in ERROR alike. */
  ServerCreateRequested: 'ServerCreateRequested',
  /** The server reached DELETED: it stops counting. */
  ServerDeleted: 'ServerDeleted',
  /** The create was given up before the tenant got a server (nothing to delete): it stops counting. */
  ServerBuildAbandoned: 'ServerBuildAbandoned',
  FloatingIpAllocated: 'FloatingIpAllocated',
  FloatingIpDeallocated: 'FloatingIpDeallocated',
  SecurityGroupCreated: 'SecurityGroupCreated',
  /** Also releases every rule of the group still counted. */
  SecurityGroupDeleted: 'SecurityGroupDeleted',
  SecurityGroupRuleCreated: 'SecurityGroupRuleCreated',
  SecurityGroupRuleDeleted: 'SecurityGroupRuleDeleted',
} as const;
export type UsageEventType = (typeof UsageEventType)[keyof typeof UsageEventType];

/** The stream category each usage event must be appended to (`server-<uuid>`, ...). */
export const USAGE_EVENT_CATEGORIES: Record<UsageEventType, string> = {
  ServerCreateRequested: StreamCategory.Server,
  ServerDeleted: StreamCategory.Server,
  ServerBuildAbandoned: StreamCategory.Server,
  FloatingIpAllocated: StreamCategory.FloatingIp,
  FloatingIpDeallocated: StreamCategory.FloatingIp,
  SecurityGroupCreated: StreamCategory.SecurityGroup,
  SecurityGroupDeleted: StreamCategory.SecurityGroup,
  SecurityGroupRuleCreated: StreamCategory.SecurityGroup,
  SecurityGroupRuleDeleted: StreamCategory.SecurityGroup,
};

/** Whose resource: every usage event names its tenant. */
export interface TenantOwned {
  tenantId: string;
}

/**
 * A resource taken with a reservation names it: the quota app then turns that reservation's
 * room into usage instead of counting the resource a second time.
 */
export interface ReservationBacked extends TenantOwned {
  reservationId?: string;
}

/** ServerCreateRequested, in `server-<uuid>`: one instance, its flavor's vcpus and RAM. */
export interface ServerCreateRequestedUsage extends ReservationBacked {
  vcpus: number;
  ramMb: number;
}

/** ServerDeleted and ServerBuildAbandoned, in the server's stream: what it counted is released. */
export type ServerReleasedUsage = TenantOwned;

/** FloatingIpAllocated, in `floatingip-<id>`: one floating IP. */
export type FloatingIpAllocatedUsage = ReservationBacked;
/** FloatingIpDeallocated, in the same stream. */
export type FloatingIpDeallocatedUsage = TenantOwned;

/** SecurityGroupCreated, in `securitygroup-<id>`: one group. */
export type SecurityGroupCreatedUsage = ReservationBacked;
/** SecurityGroupDeleted, in the group's stream: the group and its rules are released. */
export type SecurityGroupDeletedUsage = TenantOwned;

/** SecurityGroupRuleCreated, in the parent group's stream `securitygroup-<id>`: one rule. */
export interface SecurityGroupRuleCreatedUsage extends ReservationBacked {
  ruleId: string;
}
/** SecurityGroupRuleDeleted, in the parent group's stream. */
export interface SecurityGroupRuleDeletedUsage extends TenantOwned {
  ruleId: string;
}

/** The usage events with the data the quota app reads from each. */
export type UsageEvent =
  | { type: typeof UsageEventType.ServerCreateRequested; data: ServerCreateRequestedUsage }
  | { type: typeof UsageEventType.ServerDeleted; data: ServerReleasedUsage }
  | { type: typeof UsageEventType.ServerBuildAbandoned; data: ServerReleasedUsage }
  | { type: typeof UsageEventType.FloatingIpAllocated; data: FloatingIpAllocatedUsage }
  | { type: typeof UsageEventType.FloatingIpDeallocated; data: FloatingIpDeallocatedUsage }
  | { type: typeof UsageEventType.SecurityGroupCreated; data: SecurityGroupCreatedUsage }
  | { type: typeof UsageEventType.SecurityGroupDeleted; data: SecurityGroupDeletedUsage }
  | { type: typeof UsageEventType.SecurityGroupRuleCreated; data: SecurityGroupRuleCreatedUsage }
  | { type: typeof UsageEventType.SecurityGroupRuleDeleted; data: SecurityGroupRuleDeletedUsage };

const TYPES = new Set<string>(Object.values(UsageEventType));

/** Is this event type one the quota app counts? */
export function isUsageEventType(type: string): type is UsageEventType {
  return TYPES.has(type);
}
