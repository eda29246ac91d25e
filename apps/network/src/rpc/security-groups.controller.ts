// The network app's NATS request/reply handlers for security groups and rules, one per pattern
// of the contract (libs/contracts security-group.messages.ts): check the message, hand it to
// the handler, answer a NetworkAnswer. Shared among the replicas (queue group `network`).

import { Controller, Inject, Logger } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type NetworkAnswer, NetworkPatterns, type SecurityGroup, type SecurityGroupRule } from '@app/contracts';
import { NETWORK_METRICS, type NetworkMetrics } from '../network-metrics';
import { SecurityGroupHandler } from '../security-groups/security-group.handler';
import { answer } from './network-answer';
import {
  createSecurityGroupRequest, createSecurityGroupRuleRequest, deleteSecurityGroupRequest, deleteSecurityGroupRuleRequest, findSecurityGroupsRequest,
  getSecurityGroupRequest, listSecurityGroupsRequest,
} from './security-group-requests';

@Controller()
export class SecurityGroupsController {
  private readonly logger = new Logger(SecurityGroupsController.name);

  constructor(
    private readonly groups: SecurityGroupHandler,
    @Inject(NETWORK_METRICS) private readonly metrics: NetworkMetrics,
  ) {}

  @MessagePattern(NetworkPatterns.ListSecurityGroups)
  list(@Payload() data: unknown): Promise<NetworkAnswer<SecurityGroup[]>> {
    return this.answer(NetworkPatterns.ListSecurityGroups, data, () => this.groups.list(listSecurityGroupsRequest(data)));
  }

  @MessagePattern(NetworkPatterns.GetSecurityGroup)
  get(@Payload() data: unknown): Promise<NetworkAnswer<SecurityGroup>> {
    return this.answer(NetworkPatterns.GetSecurityGroup, data, () => this.groups.get(getSecurityGroupRequest(data)));
  }

  @MessagePattern(NetworkPatterns.FindSecurityGroups)
  find(@Payload() data: unknown): Promise<NetworkAnswer<SecurityGroup[]>> {
    return this.answer(NetworkPatterns.FindSecurityGroups, data, () => this.groups.find(findSecurityGroupsRequest(data)));
  }

  @MessagePattern(NetworkPatterns.CreateSecurityGroup)
  create(@Payload() data: unknown): Promise<NetworkAnswer<SecurityGroup>> {
    return this.answer(NetworkPatterns.CreateSecurityGroup, data, () => this.groups.create(createSecurityGroupRequest(data)));
  }

  @MessagePattern(NetworkPatterns.DeleteSecurityGroup)
  delete(@Payload() data: unknown): Promise<NetworkAnswer<SecurityGroup>> {
    return this.answer(NetworkPatterns.DeleteSecurityGroup, data, () => this.groups.delete(deleteSecurityGroupRequest(data)));
  }

  @MessagePattern(NetworkPatterns.CreateSecurityGroupRule)
  createRule(@Payload() data: unknown): Promise<NetworkAnswer<SecurityGroupRule>> {
    return this.answer(NetworkPatterns.CreateSecurityGroupRule, data, () => this.groups.createRule(createSecurityGroupRuleRequest(data)));
  }

  @MessagePattern(NetworkPatterns.DeleteSecurityGroupRule)
  deleteRule(@Payload() data: unknown): Promise<NetworkAnswer<SecurityGroupRule>> {
    return this.answer(NetworkPatterns.DeleteSecurityGroupRule, data, () => this.groups.deleteRule(deleteSecurityGroupRuleRequest(data)));
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
