// A server's state: the fold of its events (`events.reduce(evolveServer, initialServerState())`).
// `exists` is false before ServerCreateRequested. The deciders read it; the gateway's read
// model holds the same facts as rows (apps/api-gateway/src/servers/server.projection.ts).

import type { PowerState } from './power-state';
import type { PersonalityFile, ServerFault, ServerMetadata } from './server.events';
import type { TaskState } from './task-state';
import type { VmState } from './vm-state';

export interface ServerState {
  exists: boolean;
  serverId: number;
  tenantId: string;
  userId: string;
  name: string;
  imageUuid: string;
  imageId: string;
  flavorId: string;
  vcpus: number;
  ramMb: number;
  diskGb: number;
  /** null only before the create. */
  vmState: VmState | null;
  taskState: TaskState | null;
  powerState: PowerState;
  /** 0..100: rises while spawning, rebuilding or snapshotting. */
  progress: number;
  host: string | null;
  agentId: string | null;
  availabilityZone: string | null;
  fixedIp: string | null;
  /** The floating IP auto-assigned at build. */
  autoFloatingIp: string | null;
  /** Floating IPs the tenant added with addFloatingIp, in order. */
  addedFloatingIps: string[];
  securityGroups: string[];
  metadata: ServerMetadata;
  personality: PersonalityFile[];
  userData: string | null;
  keyName: string | null;
  publicKey: string | null;
  configDrive: boolean;
  accessIPv4: string;
  accessIPv6: string;
  reservationId: string | null;
  multiCreateId: string;
  fault: ServerFault | null;
  /** The image a running createImage writes, while task_state is image_snapshot. */
  snapshotImageUuid: string | null;
  createdAt: string;
  updatedAt: string;
  launchedAt: string | null;
  deletedAt: string | null;
}
