// The network app's NATS request/reply handlers, one per pattern of the contract
// (libs/contracts network.messages.ts): check the message, hand it to its handler, answer a
// NetworkAnswer. Requests are shared among the network replicas (NATS queue group `network`).

import { Controller, Inject, Logger } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type FixedIp, type FloatingIp, type NetworkAnswer, NetworkPatterns, type ReleaseServerAddressesAnswer } from '@app/contracts';
import { FixedIpHandler } from '../addresses/fixed-ip.handler';
import { FloatingIpHandler } from '../addresses/floating-ip.handler';
import { ServerAddressesHandler } from '../addresses/server-addresses.handler';
import { NETWORK_METRICS, type NetworkMetrics } from '../network-metrics';
import { answer } from './network-answer';
import {
  allocateFixedIpRequest, allocateFloatingIpRequest, associateFloatingIpRequest, deallocateFloatingIpRequest, disassociateFloatingIpRequest,
  getFloatingIpRequest, listFloatingIpsRequest, releaseServerAddressesRequest,
} from './network-requests';

@Controller()
export class NetworkController {
  private readonly logger = new Logger(NetworkController.name);

  constructor(
    private readonly fixedIps: FixedIpHandler,
    private readonly floatingIps: FloatingIpHandler,
    private readonly servers: ServerAddressesHandler,
    @Inject(NETWORK_METRICS) private readonly metrics: NetworkMetrics,
  ) {}

  @MessagePattern(NetworkPatterns.AllocateFixedIp)
  allocateFixedIp(@Payload() data: unknown): Promise<NetworkAnswer<FixedIp>> {
    return this.answer(NetworkPatterns.AllocateFixedIp, data, () => this.fixedIps.allocate(allocateFixedIpRequest(data)));
  }

  @MessagePattern(NetworkPatterns.AllocateFloatingIp)
  allocateFloatingIp(@Payload() data: unknown): Promise<NetworkAnswer<FloatingIp>> {
    return this.answer(NetworkPatterns.AllocateFloatingIp, data, () => this.floatingIps.allocate(allocateFloatingIpRequest(data)));
  }

  @MessagePattern(NetworkPatterns.AssociateFloatingIp)
  associateFloatingIp(@Payload() data: unknown): Promise<NetworkAnswer<FloatingIp>> {
    return this.answer(NetworkPatterns.AssociateFloatingIp, data, () => this.floatingIps.associate(associateFloatingIpRequest(data)));
  }

  @MessagePattern(NetworkPatterns.DisassociateFloatingIp)
  disassociateFloatingIp(@Payload() data: unknown): Promise<NetworkAnswer<FloatingIp>> {
    return this.answer(NetworkPatterns.DisassociateFloatingIp, data, () => this.floatingIps.disassociate(disassociateFloatingIpRequest(data)));
  }

  @MessagePattern(NetworkPatterns.DeallocateFloatingIp)
  deallocateFloatingIp(@Payload() data: unknown): Promise<NetworkAnswer<void>> {
    return this.answer(NetworkPatterns.DeallocateFloatingIp, data, () => this.floatingIps.deallocate(deallocateFloatingIpRequest(data)));
  }

  @MessagePattern(NetworkPatterns.ReleaseServerAddresses)
  releaseServerAddresses(@Payload() data: unknown): Promise<NetworkAnswer<ReleaseServerAddressesAnswer>> {
    return this.answer(NetworkPatterns.ReleaseServerAddresses, data, () => this.servers.release(releaseServerAddressesRequest(data)));
  }

  @MessagePattern(NetworkPatterns.ListFloatingIps)
  listFloatingIps(@Payload() data: unknown): Promise<NetworkAnswer<FloatingIp[]>> {
    return this.answer(NetworkPatterns.ListFloatingIps, data, () => this.floatingIps.list(listFloatingIpsRequest(data).tenantId));
  }

  @MessagePattern(NetworkPatterns.GetFloatingIp)
  getFloatingIp(@Payload() data: unknown): Promise<NetworkAnswer<FloatingIp>> {
    return this.answer(NetworkPatterns.GetFloatingIp, data, () => {
      const { tenantId, id } = getFloatingIpRequest(data);
      return this.floatingIps.get(tenantId, id);
    });
  }

  private async answer<T>(pattern: string, data: unknown, work: () => Promise<T> | T): Promise<NetworkAnswer<T>> {
    const result = await answer(work, (error) => {
      const correlationId = (data as { correlationId?: unknown } | null)?.correlationId;
      this.logger.error(`${pattern} failed (correlation id ${String(correlationId)}): ${(error as Error)?.stack ?? String(error)}`);
    });
    this.metrics.requests.inc({ pattern, outcome: result.ok ? 'ok' : result.error.code });
    return result;
  }
}
