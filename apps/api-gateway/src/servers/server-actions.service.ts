// What each server action does, after the controller has parsed it. Actions that only change
// the server are one command. Those that need another app first (createImage: the image;
// addFloatingIp/removeFloatingIp: the network app) ask the decider beforehand (`check`), so a
// refusal changes nothing anywhere, and undo the other app's change if the append then fails.
// Network refusals become faults here, worded as Nova's floating_ips extension worded them.
// Nova: nova/api/openstack/compute/servers.py, contrib/{console_output,floating_ips,security_groups}.py.

import { Inject, Injectable } from '@nestjs/common';
import {
  ComputeClient, ComputeServerNotFoundError, ComputeUnavailableError, FloatingIpInUseError, FloatingIpNotAssociatedError, FloatingIpNotFoundError,
  InvalidNetworkRequestError, NetworkClient, NetworkUnavailableError, QuotaClient,
} from '@app/contracts';
import { InvalidServerRequestError } from '@app/domain/server';
import { PINO_LOGGER, type PinoLogger } from '@app/platform';
import { Faults } from '../http/faults';
import type { AuthContext } from '../identity/auth-context';
import { ImageCatalog } from '../images/image-catalog.service';
import { ImageRepository } from '../images/image.repository';
import { NetworkReadModel } from '../network/network-read-model.service';
import { generateAdminPass } from './server-admin-pass';
import type { ServerActionRequest } from './server-action.requests';
import { ServerCommands, type ServerCommandContext } from './server-commands.service';
import { shortForMessage } from './server-request-fields';
import { checkMetadataCount, checkPersonalityLimits, serverRequestLimits } from './server-request-limits';
import { ServerSecurityGroups } from './server-security-groups';

export interface ActionCaller {
  auth: AuthContext;
  requestId: string;
}

/** The server an action is on: the read model found it for the caller's tenant. */
export interface ActionTarget {
  uuid: string;
  id: number;
}

type Action<A extends ServerActionRequest['action']> = Extract<ServerActionRequest, { action: A }>;

const now = () => new Date().toISOString();
const contextOf = (caller: ActionCaller): ServerCommandContext => ({ requestId: caller.requestId, tenantId: caller.auth.tenantId });

/** A refusal of the network app as the fault Nova's addFloatingIp/removeFloatingIp answered. */
function networkFault(error: unknown, address: string): unknown {
  if (error instanceof FloatingIpNotFoundError) return Faults.itemNotFound(`Floating ip ${shortForMessage(address)} not found`);
  if (error instanceof FloatingIpInUseError) return Faults.badRequest(`Floating ip ${address} is already associated with another server`);
  if (error instanceof FloatingIpNotAssociatedError) return Faults.badRequest(`Floating ip ${address} is not associated`);
  if (error instanceof InvalidNetworkRequestError) return Faults.badRequest(`Invalid floating ip address '${shortForMessage(address)}'`);
  if (error instanceof NetworkUnavailableError) return Faults.serviceUnavailable('The network service is unavailable; retry later.');
  return error;
}

@Injectable()
export class ServerActionsService {
  constructor(
    private readonly commands: ServerCommands,
    private readonly images: ImageRepository,
    private readonly catalog: ImageCatalog,
    private readonly quota: QuotaClient,
    private readonly network: NetworkClient,
    private readonly networkReadModel: NetworkReadModel,
    private readonly compute: ComputeClient,
    private readonly securityGroups: ServerSecurityGroups,
    @Inject(PINO_LOGGER) private readonly log: PinoLogger,
  ) {}

  async reboot(caller: ActionCaller, server: ActionTarget, request: Action<'reboot'>): Promise<void> {
    await this.commands.run(server.uuid, { type: 'RebootServer', rebootType: request.type, at: now() }, contextOf(caller));
  }

  /** Rebuild on a new image; the new admin password is the caller's to keep. */
  async rebuild(caller: ActionCaller, server: ActionTarget, request: Action<'rebuild'>): Promise<string> {
    const { tenantId } = caller.auth;
    const limits = await serverRequestLimits(this.quota, tenantId);
    if (request.metadata) checkMetadataCount(Object.keys(request.metadata).length, limits);
    checkPersonalityLimits(request.personality, limits);
    const image = await this.images.find(tenantId, request.imageRef);
    if (!image) throw Faults.badRequest(`Invalid imageRef provided: image ${shortForMessage(request.imageRef)} was not found.`);
    if (image.status !== 'ACTIVE') throw Faults.badRequest(`Invalid imageRef provided: image ${image.id} is not active (it is ${image.status}).`);
    const { action: _action, imageRef: _ref, ...changes } = request;
    await this.commands.run(server.uuid, { type: 'RebuildServer', ...changes, imageUuid: image.uuid, imageId: image.id, at: now() }, contextOf(caller));
    return generateAdminPass();
  }

  /**
   * A snapshot: 1 the server's state must allow it, 2 the image is begun (SAVING), 3 the server
   * records it (image_snapshot); if 3 fails the image is deleted, as never made. Answers its id.
   */
  async createImage(caller: ActionCaller, server: ActionTarget, request: Action<'createImage'>): Promise<string> {
    const command = { type: 'CreateServerImage', imageUuid: '', imageId: '', name: request.name, at: now() } as const;
    await this.commands.check(server.uuid, command);
    const snapshot = await this.catalog.beginSnapshot(caller.auth.tenantId, server.uuid, request.name, request.metadata, caller.requestId);
    try {
      await this.commands.run(server.uuid, { ...command, imageUuid: snapshot.uuid, imageId: snapshot.image.imageId }, contextOf(caller));
    } catch (error) {
      await this.catalog.deleteImage(snapshot.uuid, caller.requestId).catch((undo: unknown) => {
        this.log.warn({ req_id: caller.requestId, err: undo, image: snapshot.uuid }, 'could not delete the image of a refused createImage');
      });
      throw error;
    }
    return snapshot.image.imageId;
  }

  /** The agent that holds the server reads its console log; none yet is 409, as Nova's InstanceNotReady. */
  async consoleOutput(caller: ActionCaller, server: ActionTarget, request: Action<'os-getConsoleOutput'>): Promise<string> {
    const state = await this.commands.state(server.uuid);
    if (state.agentId === null) {
      throw Faults.conflict(`Instance ${server.id} is not ready: it is on no host yet (vm_state ${state.vmState}${state.taskState ? `, task_state ${state.taskState}` : ''})`);
    }
    try {
      const { output } = await this.compute.consoleOutput(state.agentId, { serverId: server.uuid, length: request.length, correlationId: caller.requestId });
      return output;
    } catch (error) {
      if (error instanceof ComputeServerNotFoundError) throw Faults.itemNotFound('Unable to get console');
      if (error instanceof ComputeUnavailableError) throw Faults.serviceUnavailable('Unable to get console: the compute host did not answer; retry later.');
      throw error;
    }
  }

  /**
   * 1 the server's state allows it and it has a fixed IP, 2 the network app associates the
   * tenant's floating IP with it, 3 the server records it; if 3 fails the association is undone.
   */
  async addFloatingIp(caller: ActionCaller, server: ActionTarget, { address }: Action<'addFloatingIp'>): Promise<void> {
    const { tenantId } = caller.auth;
    const command = { type: 'AddFloatingIp', address, at: now() } as const;
    const state = await this.commands.check(server.uuid, command);
    if (state.fixedIp === null) throw Faults.badRequest('No fixed ips associated to instance');
    let floatingIpId: number;
    try {
      floatingIpId = (await this.network.associateFloatingIp({ tenantId, address, serverId: server.uuid, fixedIp: state.fixedIp, correlationId: caller.requestId })).id;
    } catch (error) {
      throw networkFault(error, address);
    }
    try {
      await this.commands.run(server.uuid, command, contextOf(caller));
    } catch (error) {
      await this.network.disassociateFloatingIp({ tenantId, address, serverId: server.uuid, correlationId: caller.requestId }).catch((undo: unknown) => {
        this.log.warn({ req_id: caller.requestId, err: undo, address }, 'could not undo the association of a refused addFloatingIp');
      });
      throw error;
    }
    await this.networkReadModel.floatingIpChanged(floatingIpId);
  }

  /**
   * Only an address added with addFloatingIp can be removed (spec 4.4.7.6): 400 for another of
   * the tenant's, 404 for one the tenant does not hold. The network app's "not associated" (the
   * tenant released the address meanwhile) is the state asked for: the server then forgets it.
   */
  async removeFloatingIp(caller: ActionCaller, server: ActionTarget, { address }: Action<'removeFloatingIp'>): Promise<void> {
    const { tenantId } = caller.auth;
    const command = { type: 'RemoveFloatingIp', address, at: now() } as const;
    try {
      await this.commands.check(server.uuid, command);
    } catch (error) {
      if (error instanceof InvalidServerRequestError && !(await this.holds(tenantId, address))) throw networkFault(new FloatingIpNotFoundError(address), address);
      throw error;
    }
    let floatingIpId: number | undefined;
    try {
      floatingIpId = (await this.network.disassociateFloatingIp({ tenantId, address, serverId: server.uuid, correlationId: caller.requestId })).id;
    } catch (error) {
      if (!(error instanceof FloatingIpNotAssociatedError || error instanceof FloatingIpNotFoundError)) throw networkFault(error, address);
    }
    await this.commands.run(server.uuid, command, contextOf(caller));
    if (floatingIpId !== undefined) await this.networkReadModel.floatingIpChanged(floatingIpId);
  }

  async addSecurityGroup(caller: ActionCaller, server: ActionTarget, { name }: Action<'addSecurityGroup'>): Promise<void> {
    await this.knownGroup(caller, name);
    await this.commands.run(server.uuid, { type: 'AddSecurityGroup', name, at: now() }, contextOf(caller));
  }

  /** A group the server has goes without asking the network app (the tenant may have deleted it since). */
  async removeSecurityGroup(caller: ActionCaller, server: ActionTarget, { name }: Action<'removeSecurityGroup'>): Promise<void> {
    try {
      await this.commands.run(server.uuid, { type: 'RemoveSecurityGroup', name, at: now() }, contextOf(caller));
    } catch (error) {
      if (error instanceof InvalidServerRequestError) await this.knownGroup(caller, name);
      throw error;
    }
  }

  /** A group the tenant does not have is 404 here (Nova's SecurityGroupNotFound), where create answers 400. */
  private async knownGroup({ auth, requestId }: ActionCaller, name: string): Promise<void> {
    if ((await this.securityGroups.unknown(auth.tenantId, [name], requestId)).length > 0) {
      throw Faults.itemNotFound(`Security group ${name} not found for project ${auth.tenantId}.`);
    }
  }

  private async holds(tenantId: string, address: string): Promise<boolean> {
    try {
      return (await this.network.listFloatingIps({ tenantId })).some((ip) => ip.ip === address);
    } catch (error) {
      throw networkFault(error, address);
    }
  }
}
