// compute.<agentId>.console-output: the last `length` lines of a server's console (all of them
// without a length), for os-getConsoleOutput. Nova: ComputeManager.get_console_output.

import { type ConsoleOutput, type ConsoleOutputRequest, ComputeServerNotFoundError } from '@app/contracts';
import type { SqlDb } from '@app/event-store';
import type { InstancesRepository } from '../instances/instances.repository';
import type { ConsoleLinesRepository } from './console-lines.repository';
import { consoleTail } from './console-text';

export class ConsoleOutputHandler {
  constructor(private readonly o: { agentId: string; db: SqlDb; instances: InstancesRepository; consoles: ConsoleLinesRepository }) {}

  async output({ serverId, length }: ConsoleOutputRequest): Promise<ConsoleOutput> {
    const instance = await this.o.instances.findLive(this.o.db, this.o.agentId, serverId);
    if (!instance) throw new ComputeServerNotFoundError(`Server ${serverId} is not on agent ${this.o.agentId}`);
    return { output: consoleTail(await this.o.consoles.tail(this.o.db, instance.serverUuid, length)) };
  }
}
