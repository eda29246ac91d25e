// A server as the read model holds it and the views show it.

import type { ServerFault, ServerMetadata, TaskState, VmState } from '@app/domain/server';

export interface ServerRecord {
  uuid: string;
  /** The integer id the API shows. */
  id: number;
  tenantId: string;
  userId: string;
  name: string;
  vmState: VmState;
  taskState: TaskState | null;
  powerState: number;
  progress: number;
  imageUuid: string;
  /** The image's id as the API shows it (a string, like the spec's examples). */
  imageId: string;
  flavorId: string;
  host: string | null;
  availabilityZone: string | null;
  fixedIp: string | null;
  autoFloatingIp: string | null;
  addedFloatingIps: string[];
  securityGroups: string[];
  keyName: string | null;
  configDrive: boolean;
  accessIPv4: string;
  accessIPv6: string;
  multiCreateId: string;
  /** The last fault; shown only while the server is in ERROR. */
  fault: ServerFault | null;
  metadata: ServerMetadata;
  created: Date;
  updated: Date;
  launched: Date | null;
  deleted: Date | null;
}
