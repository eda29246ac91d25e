// What a guest knows about itself, from the agent's instance row and the server's fixed IP.

import type { InstanceRow } from '../instances/instances.repository';
import type { GuestFacts } from './console-text';

export function guestFacts(instance: InstanceRow, fixedIp: string | null): GuestFacts {
  return {
    hostname: instance.hostname,
    host: instance.host,
    fixedIp,
    keyName: instance.keyName,
    personalityPaths: instance.personalityPaths,
    userDataBytes: instance.userDataBytes,
    configDrive: instance.configDrive,
    imageId: instance.imageId,
    serverUuid: instance.serverUuid,
    rebuilds: instance.rebuilds,
  };
}
