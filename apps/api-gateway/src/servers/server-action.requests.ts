// The bodies of POST /servers/{server_id}/action (spec 4.4.7): one key, the action's name, and
// its arguments, in JSON `{"reboot": {"type": "SOFT"}}` or XML `<reboot type="SOFT"/>` (which
// parses to the same shape). A body with no key or several is 400, an action Nova has but this
// cloud does not offer (spec 2, "Server Operations") is 501, any other name 400.
// Nova: nova/api/openstack/compute/servers.py (_action_*), contrib/console_output.py,
// contrib/floating_ips.py, contrib/security_groups.py.

import type { PersonalityFile, ServerMetadata } from '@app/domain/server';
import { Faults } from '../http/faults';
import {
  byteLength, invalidField, isPlainObject, MAX_FIELD_BYTES, parseAccessIp, parseMetadata, parsePersonality, parseRef, parseSecurityGroupName,
  parseServerName,
} from './server-request-fields';

export type ServerActionRequest =
  | { action: 'reboot'; type: 'SOFT' | 'HARD' }
  | {
      action: 'rebuild';
      imageRef: string;
      name?: string;
      metadata?: ServerMetadata;
      personality: PersonalityFile[];
      accessIPv4?: string;
      accessIPv6?: string;
    }
  | { action: 'createImage'; name: string; metadata: Record<string, string> }
  | { action: 'os-getConsoleOutput'; length?: number }
  | { action: 'addFloatingIp'; address: string }
  | { action: 'removeFloatingIp'; address: string }
  | { action: 'addSecurityGroup'; name: string }
  | { action: 'removeSecurityGroup'; name: string };

export type ServerActionName = ServerActionRequest['action'];

/** Actions of Nova v1.1 that HP Cloud Compute does not support (spec 2, "Server Operations"). */
export const UNSUPPORTED_ACTIONS: readonly string[] = ['changePassword', 'resize', 'confirmResize', 'revertResize'];

type Args = Record<string, unknown>;

/** An action's arguments: an object, or nothing (`<reboot/>` parses to '', JSON may say null). */
function argsOf(action: string, value: unknown): Args {
  if (value === undefined || value === null || value === '') return {};
  if (!isPlainObject(value)) throw invalidField(action, `the arguments of ${action} must be an object`);
  return value;
}

function parseReboot(args: Args): ServerActionRequest {
  if (args.type === undefined || args.type === null) return { action: 'reboot', type: 'SOFT' };
  const type = typeof args.type === 'string' ? args.type.trim().toUpperCase() : undefined;
  if (type !== 'SOFT' && type !== 'HARD') throw invalidField('reboot.type', "Argument 'type' for reboot is not HARD or SOFT");
  return { action: 'reboot', type };
}

function parseRebuild(args: Args): ServerActionRequest {
  if (args.imageRef === undefined || args.imageRef === null || args.imageRef === '') throw invalidField('rebuild.imageRef', 'Could not parse imageRef from request.');
  const request: Extract<ServerActionRequest, { action: 'rebuild' }> = {
    action: 'rebuild',
    imageRef: parseRef(args.imageRef, 'rebuild.imageRef'),
    personality: args.personality === undefined || args.personality === null ? [] : parsePersonality(args.personality, 'rebuild.personality'),
  };
  if (args.name !== undefined) request.name = parseServerName(args.name, 'rebuild.name');
  if (args.metadata !== undefined && args.metadata !== null) request.metadata = parseMetadata(args.metadata, 'rebuild.metadata');
  const v4 = parseAccessIp(args.accessIPv4, 'rebuild.accessIPv4', 4);
  const v6 = parseAccessIp(args.accessIPv6, 'rebuild.accessIPv6', 6);
  if (v4 !== undefined) request.accessIPv4 = v4;
  if (v6 !== undefined) request.accessIPv6 = v6;
  return request;
}

/** The image's name and metadata; the image rules (key sizes, maxImageMeta) are the image decider's. */
function parseCreateImage(args: Args): ServerActionRequest {
  if (args.name === undefined || args.name === null) throw invalidField('createImage.name', 'createImage entity requires name attribute');
  if (typeof args.name !== 'string' || args.name.trim() === '') throw invalidField('createImage.name', 'Invalid image name: a non-empty string is required');
  if (byteLength(args.name) > MAX_FIELD_BYTES) throw invalidField('createImage.name', `Invalid image name: at most ${MAX_FIELD_BYTES} bytes`);
  let metadata: Record<string, string> = {};
  if (args.metadata !== undefined && args.metadata !== null && args.metadata !== '') {
    if (!isPlainObject(args.metadata)) throw invalidField('createImage.metadata', 'metadata must be an object of keys and values');
    for (const [key, value] of Object.entries(args.metadata)) {
      if (typeof value !== 'string') throw invalidField(`createImage.metadata.${key}`, 'the value must be a string');
    }
    metadata = { ...(args.metadata as Record<string, string>) };
  }
  return { action: 'createImage', name: args.name.trim(), metadata };
}

/** How many lines from the end of the console log; all of them when absent. */
function parseConsoleOutput(args: Args): ServerActionRequest {
  const raw = args.length;
  if (raw === undefined || raw === null || raw === '') return { action: 'os-getConsoleOutput' };
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw invalidField('os-getConsoleOutput.length', 'Length in request body must be a non-negative integer value');
  return { action: 'os-getConsoleOutput', length: Number(text) };
}

function parseAddress(action: 'addFloatingIp' | 'removeFloatingIp', args: Args): ServerActionRequest {
  const address = args.address;
  if (address === undefined || address === null || (typeof address === 'string' && address.trim() === '')) throw invalidField(`${action}.address`, 'Address not specified');
  if (typeof address !== 'string') throw invalidField(`${action}.address`, 'the address must be a string');
  return { action, address: address.trim() };
}

function parseGroup(action: 'addSecurityGroup' | 'removeSecurityGroup', args: Args): ServerActionRequest {
  return { action, name: parseSecurityGroupName(args.name, `${action}.name`) };
}

export function parseServerAction(body: unknown): ServerActionRequest {
  if (!isPlainObject(body)) throw Faults.badRequest('Malformed request body: an action object such as {"reboot": {"type": "SOFT"}} was expected');
  const keys = Object.keys(body);
  if (keys.length !== 1) {
    throw Faults.badRequest(keys.length === 0 ? 'Malformed request body: no action was given' : `Malformed request body: one action at a time, got ${keys.join(', ')}`);
  }
  const action = keys[0];
  const value = body[action];
  switch (action) {
    case 'reboot':
      return parseReboot(argsOf(action, value));
    case 'rebuild':
      return parseRebuild(argsOf(action, value));
    case 'createImage':
      return parseCreateImage(argsOf(action, value));
    case 'os-getConsoleOutput':
      return parseConsoleOutput(argsOf(action, value));
    case 'addFloatingIp':
    case 'removeFloatingIp':
      return parseAddress(action, argsOf(action, value));
    case 'addSecurityGroup':
    case 'removeSecurityGroup':
      return parseGroup(action, argsOf(action, value));
    default:
      if (UNSUPPORTED_ACTIONS.includes(action)) throw Faults.notImplemented(`${action} is not supported by this cloud.`);
      throw Faults.badRequest(`There is no such action: ${action.length > 40 ? `${action.slice(0, 37)}...` : action}`);
  }
}
