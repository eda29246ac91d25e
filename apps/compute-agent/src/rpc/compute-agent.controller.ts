// The agent's NATS request/reply handlers. Their patterns name the agent
// (`compute.<agentId>.console-output`, `compute.<agentId>.set-host-state`), and the agent id is
// only known once the configuration is read, so the controller class is made for it: the same
// @MessagePattern handlers as any app's, served by the platform's namespaced NATS transport, so
// libs/platform rpcSend and ComputeClient reach them like the quota and network apps.

import { Controller, Inject, Logger, type Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type ComputeAnswer, type ConsoleOutput, type HostStateAnswer, computeAgentPattern } from '@app/contracts';
import { ConsoleOutputHandler } from '../console/console-output.handler';
import { HostStateHandler } from '../hosts/host-state.handler';
import { AgentStarted } from '../agent-started';
import { answer } from './compute-answer';
import { consoleOutputRequest, setHostStateRequest } from './compute-requests';

export function computeAgentController(agentId: string): Type<unknown> {
  const consoleOutputPattern = computeAgentPattern(agentId, 'console-output');
  const setHostStatePattern = computeAgentPattern(agentId, 'set-host-state');

  @Controller()
  class ComputeAgentController {
    private readonly logger = new Logger('ComputeAgentController');

    constructor(
      @Inject(ConsoleOutputHandler) private readonly consoles: ConsoleOutputHandler,
      @Inject(HostStateHandler) private readonly hosts: HostStateHandler,
      @Inject(AgentStarted) private readonly started: AgentStarted,
    ) {}

    @MessagePattern(consoleOutputPattern)
    consoleOutput(@Payload() data: unknown): Promise<ComputeAnswer<ConsoleOutput>> {
      return this.answer(consoleOutputPattern, data, async () => {
        const request = consoleOutputRequest(data);
        await this.started.done;
        return this.consoles.output(request);
      });
    }

    @MessagePattern(setHostStatePattern)
    setHostState(@Payload() data: unknown): Promise<ComputeAnswer<HostStateAnswer>> {
      return this.answer(setHostStatePattern, data, async () => {
        const request = setHostStateRequest(data);
        await this.started.done;
        return this.hosts.set(request);
      });
    }

    private answer<T>(pattern: string, data: unknown, work: () => Promise<T>): Promise<ComputeAnswer<T>> {
      return answer(work, (error) => {
        const correlationId = (data as { correlationId?: unknown } | null)?.correlationId;
        this.logger.error(`${pattern} failed (correlation id ${String(correlationId)}): ${(error as Error)?.stack ?? String(error)}`);
      });
    }
  }
  return ComputeAgentController;
}
