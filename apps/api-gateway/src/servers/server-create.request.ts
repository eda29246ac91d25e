// The body of POST /servers (spec 4.4.5.2), JSON `{"server": {...}}` or the same shape from
// XML `<server name="..." imageRef="..." flavorRef="...">...</server>` (attributes or child
// elements alike). The envelope is validated by class-validator; the fields by the shared
// readers of server-request-fields.ts, every fault naming its field. What needs a look-up
// (image, flavor, keypair, security groups) or the tenant's limits is checked by the create flow.

import { IsDefined, IsObject } from 'class-validator';
import type { PersonalityFile, ServerMetadata } from '@app/domain/server';
import { Faults } from '../http/faults';
import {
  booleanOf, invalidField, parseAccessIp, parseCount, parseMetadata, parseOptionalText, parsePersonality, parseRef, parseSecurityGroupNames,
  parseServerName, parseUserData,
} from './server-request-fields';

export class CreateServerBody {
  @IsDefined({ message: 'server is required' })
  @IsObject({ message: 'server must be an object' })
  server: Record<string, unknown>;
}

/** The most servers one request may ask for, whatever the quota (a bound on one request's work). */
export const MAX_SERVERS_PER_REQUEST = 1000;

export interface CreateServerRequest {
  name: string;
  /** The last segment of the imageRef (an id or a UUID). */
  imageRef: string;
  flavorRef: string;
  metadata: ServerMetadata;
  personality: PersonalityFile[];
  userData: string | null;
  keyName: string | null;
  securityGroups: string[];
  /** true or false, or an image to make the drive from (spec "Configuration Drive"). */
  configDrive: boolean | { imageRef: string };
  accessIPv4: string;
  accessIPv6: string;
  availabilityZone: string | null;
  minCount: number;
  maxCount: number;
}

const at = (field: string) => `server.${field}`;

function parseConfigDrive(value: unknown): CreateServerRequest['configDrive'] {
  if (value === undefined || value === null) return false;
  const flag = booleanOf(value);
  if (flag !== undefined) return flag;
  if (typeof value === 'string' || typeof value === 'number') return { imageRef: parseRef(value, at('config_drive')) };
  throw invalidField(at('config_drive'), 'config_drive must be true, false or an imageRef');
}

export function parseCreateServerRequest(server: Record<string, unknown>): CreateServerRequest {
  const minCount = parseCount(server.min_count, at('min_count')) ?? 1;
  const maxCount = parseCount(server.max_count, at('max_count')) ?? minCount;
  if (maxCount < minCount) throw invalidField(at('max_count'), 'min_count must be <= max_count');
  if (minCount > MAX_SERVERS_PER_REQUEST) {
    throw Faults.overLimit(`At most ${MAX_SERVERS_PER_REQUEST} servers can be created by one request`, undefined, `min_count is ${minCount}`);
  }
  return {
    name: parseServerName(server.name, at('name')),
    imageRef: parseRef(server.imageRef, at('imageRef')),
    flavorRef: parseRef(server.flavorRef, at('flavorRef')),
    metadata: server.metadata === undefined || server.metadata === null ? {} : parseMetadata(server.metadata, at('metadata')),
    personality: server.personality === undefined || server.personality === null ? [] : parsePersonality(server.personality, at('personality')),
    userData: parseUserData(server.user_data, at('user_data')),
    keyName: parseOptionalText(server.key_name, at('key_name')),
    securityGroups: parseSecurityGroupNames(server.security_groups, at('security_groups')),
    configDrive: parseConfigDrive(server.config_drive),
    accessIPv4: parseAccessIp(server.accessIPv4, at('accessIPv4'), 4) ?? '',
    accessIPv6: parseAccessIp(server.accessIPv6, at('accessIPv6'), 6) ?? '',
    availabilityZone: parseOptionalText(server.availability_zone, at('availability_zone')),
    minCount,
    maxCount: Math.min(maxCount, MAX_SERVERS_PER_REQUEST),
  };
}
