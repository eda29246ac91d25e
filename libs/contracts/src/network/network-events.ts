// The events the network app writes. FloatingIpAllocated and FloatingIpDeallocated are the
// quota app's usage events (quota/usage-events.ts: their type names and least data), with
// more fields; the others are the network app's own. Security group events have their own
// file (security-group-events.ts) and are part of NetworkEvent. Event type names are public once
// stored: never rename one. docs/network.md tells which request writes which.

import { StreamCategory, streamName } from '../events/stream-names';
import { type FloatingIpAllocatedUsage, type FloatingIpDeallocatedUsage, UsageEventType } from '../quota/usage-events';
import type { SecurityGroupEvent } from './security-group-events';

/** Fixed IPs have a stream per address (`fixedip-10.0.0.5`): who held it, one after another. */
export const FIXED_IP_STREAM_CATEGORY = 'fixedip';

export const NetworkEventType = {
  FixedIpAllocated: 'FixedIpAllocated',
  FixedIpReleased: 'FixedIpReleased',
  FloatingIpAllocated: UsageEventType.FloatingIpAllocated,
  FloatingIpAssociated: 'FloatingIpAssociated',
  FloatingIpDisassociated: 'FloatingIpDisassociated',
  FloatingIpDeallocated: UsageEventType.FloatingIpDeallocated,
} as const;
export type NetworkEventType = (typeof NetworkEventType)[keyof typeof NetworkEventType];

export interface FixedIpAllocatedData {
  tenantId: string;
  serverId: string;
  address: string;
}
export type FixedIpReleasedData = FixedIpAllocatedData;

export interface FloatingIpAllocatedData extends FloatingIpAllocatedUsage {
  floatingIpId: number;
  address: string;
  pool: string;
  autoAssigned: boolean;
}

export interface FloatingIpAssociatedData {
  tenantId: string;
  floatingIpId: number;
  address: string;
  serverId: string;
  fixedIp: string;
}
export type FloatingIpDisassociatedData = FloatingIpAssociatedData;

export interface FloatingIpDeallocatedData extends FloatingIpDeallocatedUsage {
  floatingIpId: number;
  address: string;
}

export type NetworkEvent =
  | { type: typeof NetworkEventType.FixedIpAllocated; data: FixedIpAllocatedData }
  | { type: typeof NetworkEventType.FixedIpReleased; data: FixedIpReleasedData }
  | { type: typeof NetworkEventType.FloatingIpAllocated; data: FloatingIpAllocatedData }
  | { type: typeof NetworkEventType.FloatingIpAssociated; data: FloatingIpAssociatedData }
  | { type: typeof NetworkEventType.FloatingIpDisassociated; data: FloatingIpDisassociatedData }
  | { type: typeof NetworkEventType.FloatingIpDeallocated; data: FloatingIpDeallocatedData }
  | SecurityGroupEvent;

/** `floatingip-<id>`: one allocation of a floating IP, from allocated to deallocated. */
export function floatingIpStream(id: number): string {
  return streamName(StreamCategory.FloatingIp, String(id));
}

/** `fixedip-<address>`. */
export function fixedIpStream(address: string): string {
  return streamName(FIXED_IP_STREAM_CATEGORY, address);
}
