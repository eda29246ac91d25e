// The typed client for asking one compute agent something. Like QuotaClient and NetworkClient
// it takes the transport as a function (libs/platform rpcSend over a Nest ClientProxy), so the
// contract stays free of Nest and NATS.

import { ComputeHostNotFoundError, ComputeServerNotFoundError, ComputeUnavailableError, InvalidComputeRequestError } from './compute.errors';
import {
  type ComputeAnswer, type ComputeErrorBody, type ConsoleOutput, type ConsoleOutputRequest, type HostStateAnswer, type SetHostStateRequest,
  computeAgentPattern,
} from './compute.messages';

export type ComputeTransport = <T>(pattern: string, data: unknown) => Promise<ComputeAnswer<T>>;

export function computeErrorOf(error: ComputeErrorBody): Error {
  switch (error.code) {
    case 'SERVER_NOT_FOUND':
      return new ComputeServerNotFoundError(error.message);
    case 'HOST_NOT_FOUND':
      return new ComputeHostNotFoundError(error.message);
    case 'INVALID_REQUEST':
      return new InvalidComputeRequestError(error.message);
    case 'UNAVAILABLE':
      return new ComputeUnavailableError(error.message);
    default: {
      const _exhaustive: never = error;
      return new Error(`unknown compute error ${JSON.stringify(_exhaustive)}`);
    }
  }
}

export class ComputeClient {
  constructor(private readonly send: ComputeTransport) {}

  private async call<T>(pattern: string, data: unknown): Promise<T> {
    const answer = await this.send<T>(pattern, data);
    if (!answer.ok) throw computeErrorOf(answer.error);
    return answer.value;
  }

  /** The console log of a server on `agentId`'s hosts, its last `length` lines when given. */
  consoleOutput(agentId: string, request: ConsoleOutputRequest): Promise<ConsoleOutput> {
    return this.call(computeAgentPattern(agentId, 'console-output'), request);
  }

  /** Takes one of `agentId`'s hosts down or brings it up. */
  setHostState(agentId: string, request: SetHostStateRequest): Promise<HostStateAnswer> {
    return this.call(computeAgentPattern(agentId, 'set-host-state'), request);
  }
}
