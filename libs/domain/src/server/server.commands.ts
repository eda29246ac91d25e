// What can be asked of a server, by whom (comments name the app). `decideServer(command, state)`
// answers with the events to append or throws a ServerError (server.errors.ts); it never does
// I/O. Timestamps come in with the command, so deciding is pure.

import type { PowerState } from './power-state';
import type { BuildStep, PersonalityFile, ServerCreateRequested, ServerFault, ServerMetadata } from './server.events';

export type ServerCommand =
  /** gateway: POST /servers (one command per server of a multi-create). */
  | { type: 'CreateServer'; data: ServerCreateRequested['data'] }
  /** scheduler */
  | { type: 'ScheduleServer'; host: string; agentId: string; availabilityZone: string; at: string }
  | { type: 'FailScheduling'; fault: ServerFault }
  /** compute agent: the build steps, in order. */
  | { type: 'StartNetworking'; at: string }
  | { type: 'RecordNetwork'; fixedIp: string; floatingIp: string | null; at: string }
  | { type: 'StartBlockDeviceMapping'; at: string }
  | { type: 'StartSpawning'; at: string }
  | { type: 'ReportSpawnProgress'; progress: number; at: string }
  | { type: 'FinishBuild'; powerState: PowerState; at: string }
  | { type: 'FailBuild'; step: BuildStep; fault: ServerFault }
  /** gateway: PUT /servers/{id} */
  | { type: 'UpdateServer'; name?: string; accessIPv4?: string; accessIPv6?: string; at: string }
  /** gateway: server metadata (spec 4.4.8-4.4.9). Update merges, Replace replaces. */
  | { type: 'UpdateServerMetadata'; metadata: ServerMetadata; at: string }
  | { type: 'ReplaceServerMetadata'; metadata: ServerMetadata; at: string }
  | { type: 'SetServerMetadataItem'; key: string; value: string; at: string }
  | { type: 'DeleteServerMetadataItem'; key: string; at: string }
  /** gateway asks, compute agent completes or fails. */
  | { type: 'RebootServer'; rebootType: 'SOFT' | 'HARD'; at: string }
  | { type: 'CompleteReboot'; powerState: PowerState; at: string }
  | { type: 'FailReboot'; fault: ServerFault }
  | {
      type: 'RebuildServer';
      imageUuid: string;
      imageId: string;
      name?: string;
      metadata?: ServerMetadata;
      personality: PersonalityFile[];
      accessIPv4?: string;
      accessIPv6?: string;
      at: string;
    }
  | { type: 'CompleteRebuild'; powerState: PowerState; at: string }
  | { type: 'FailRebuild'; fault: ServerFault }
  | { type: 'CreateServerImage'; imageUuid: string; imageId: string; name: string; at: string }
  | { type: 'CompleteSnapshot'; at: string }
  | { type: 'FailSnapshot'; reason: string; at: string }
  /** gateway asks; the compute agent completes (the gateway itself when the server has no host). */
  | { type: 'DeleteServer'; at: string }
  | { type: 'CompleteDelete'; at: string }
  /** compute agent: what the hypervisor reports (host down: SHUTDOWN). */
  | { type: 'ReportPowerState'; powerState: PowerState; at: string }
  /** gateway */
  | { type: 'AddSecurityGroup'; name: string; at: string }
  | { type: 'RemoveSecurityGroup'; name: string; at: string }
  | { type: 'AddFloatingIp'; address: string; at: string }
  | { type: 'RemoveFloatingIp'; address: string; at: string };

export type ServerCommandType = ServerCommand['type'];
