// Servers in the spec's JSON and XML shapes (4.4.5.1, 4.4.5.3, 4.4.6.1): the list gives id,
// name and links (and the uuid in JSON, as the example); the detail list and one server give
// every field of Get Server Details. Nova: nova/api/openstack/compute/views/servers.py and,
// for security_groups, the security_groups extension (names only: the gateway knows no ids).

import { createHash } from 'node:crypto';
import { VmState, serverStatus } from '@app/domain/server';
import { type Link, bookmarkLink, resourceLinks } from '../http/links';
import { represent, type Representation } from '../http/representation';
import { atomLink, el, type XmlElement } from '../http/xml/xml-element';
import { metadataJson, metadataXml } from '../images/image-metadata.view';
import { apiTime } from '../images/image.view';
import type { ServerRecord } from './server-record';

export interface ServerLinks {
  publicUrl: string;
  tenantId: string;
}

/** The one network every server is on, as Nova names it in `addresses`. */
export const NETWORK_NAME = 'private';

/** Nova shows progress only in these vm_states (views/servers.py _progress_statuses). */
const PROGRESS_STATES: ReadonlySet<VmState> = new Set([VmState.Active, VmState.Build, VmState.Rebuild]);

/** Nova's hostId: sha224 of tenant id + host, so tenants can tell co-located servers apart without learning host names. */
export function hostIdOf(tenantId: string, host: string | null): string {
  return host ? createHash('sha224').update(tenantId + host).digest('hex') : '';
}

/** The fixed IP, then the floating IP auto-assigned at build, then those added with addFloatingIp. */
export function addressesOf(server: ServerRecord): string[] {
  return [server.fixedIp, server.autoFloatingIp, ...server.addedFloatingIps].filter((a): a is string => a !== null);
}

const linksOf = (server: ServerRecord, at: ServerLinks): Link[] => resourceLinks(at.publicUrl, at.tenantId, 'servers', server.id);

const showsProgress = (server: ServerRecord) => PROGRESS_STATES.has(server.vmState);

const faultOf = (server: ServerRecord) => (server.vmState === VmState.Error ? server.fault : null);

function summaryJson(server: ServerRecord, at: ServerLinks) {
  return { id: server.id, links: linksOf(server, at), name: server.name, uuid: server.uuid };
}

export function serverDetailJson(server: ServerRecord, at: ServerLinks) {
  const addresses = addressesOf(server);
  const fault = faultOf(server);
  return {
    accessIPv4: server.accessIPv4,
    accessIPv6: server.accessIPv6,
    addresses: addresses.length === 0 ? {} : { [NETWORK_NAME]: addresses.map((addr) => ({ addr, version: 4 })) },
    config_drive: server.configDrive ? 'True' : '',
    created: apiTime(server.created),
    ...(fault
      ? { fault: { code: fault.code, created: apiTime(new Date(fault.created)), message: fault.message, ...(fault.details ? { details: fault.details } : {}) } }
      : {}),
    flavor: { id: server.flavorId, links: [bookmarkLink(at.publicUrl, at.tenantId, 'flavors', server.flavorId)] },
    hostId: hostIdOf(server.tenantId, server.host),
    id: server.id,
    image: { id: server.imageId, links: [bookmarkLink(at.publicUrl, at.tenantId, 'images', server.imageId)] },
    key_name: server.keyName ?? '',
    links: linksOf(server, at),
    metadata: metadataJson(server.metadata) as Record<string, string>,
    name: server.name,
    ...(showsProgress(server) ? { progress: server.progress } : {}),
    security_groups: server.securityGroups.map((name) => ({ name })),
    status: serverStatus(server.vmState, server.taskState),
    tenant_id: server.tenantId,
    updated: apiTime(server.updated),
    user_id: server.userId,
    uuid: server.uuid,
  };
}

function summaryXml(server: ServerRecord, at: ServerLinks): XmlElement {
  return el('server', { id: server.id, name: server.name }, ...linksOf(server, at).map(atomLink));
}

function faultXml(server: ServerRecord): XmlElement | undefined {
  const fault = faultOf(server);
  if (!fault) return undefined;
  return el('fault', { code: fault.code, created: apiTime(new Date(fault.created)) }, el('message', {}, fault.message), fault.details ? el('details', {}, fault.details) : undefined);
}

/** One `<server>` with every attribute and child of the spec's Get Server Details example, in its order. */
export function serverDetailXml(server: ServerRecord, at: ServerLinks): XmlElement {
  const addresses = addressesOf(server);
  const attrs = {
    accessIPv4: server.accessIPv4,
    accessIPv6: server.accessIPv6,
    created: apiTime(server.created),
    hostId: hostIdOf(server.tenantId, server.host),
    id: server.id,
    name: server.name,
    progress: showsProgress(server) ? server.progress : undefined,
    status: serverStatus(server.vmState, server.taskState),
    tenantId: server.tenantId,
    updated: apiTime(server.updated),
    userId: server.userId,
    uuid: server.uuid,
  };
  return el(
    'server',
    attrs,
    ...linksOf(server, at).map(atomLink),
    el('image', { id: server.imageId }, atomLink(bookmarkLink(at.publicUrl, at.tenantId, 'images', server.imageId))),
    el('flavor', { id: server.flavorId }, atomLink(bookmarkLink(at.publicUrl, at.tenantId, 'flavors', server.flavorId))),
    faultXml(server),
    metadataXml(server.metadata),
    el('addresses', {}, addresses.length > 0 && el('network', { id: NETWORK_NAME }, ...addresses.map((addr) => el('ip', { addr, version: 4 })))),
    el('security_groups', {}, ...server.securityGroups.map((name) => el('security_group', { name }))),
  );
}

/** GET /servers (detail = false) and /servers/detail (detail = true). */
export function serversView(servers: ServerRecord[], at: ServerLinks, detail: boolean): Representation {
  const json = detail ? serverDetailJson : summaryJson;
  const xml = detail ? serverDetailXml : summaryXml;
  return represent({ servers: servers.map((s) => json(s, at)) }, () => el('servers', {}, ...servers.map((s) => xml(s, at))));
}

/** GET /servers/{server_id}. */
export function serverView(server: ServerRecord, at: ServerLinks): Representation {
  return represent({ server: serverDetailJson(server, at) }, () => serverDetailXml(server, at));
}
