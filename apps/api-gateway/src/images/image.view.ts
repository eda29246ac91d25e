// Images in the spec's JSON and XML shapes (4.4.10, 4.4.11): the list gives id, name and
// links; the detail list and one image add created, updated, status, progress, metadata and,
// for a snapshot, the server it was taken of. Nova: nova/api/openstack/compute/views/images.py.

import { type Link, resourceLinks } from '../http/links';
import { represent, type Representation } from '../http/representation';
import { atomLink, el, type XmlElement } from '../http/xml/xml-element';
import type { ImageRecord } from './image-record';
import { metadataJson, metadataXml } from './image-metadata.view';

export interface ImageLinks {
  publicUrl: string;
  tenantId: string;
}

/** `2012-09-04T16:45:17Z`: seconds, as the spec's examples. */
export const apiTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

const linksOf = (image: ImageRecord, at: ImageLinks): Link[] => resourceLinks(at.publicUrl, at.tenantId, 'images', image.id);

function serverOf(image: ImageRecord, at: ImageLinks) {
  return image.serverId === null ? undefined : { id: image.serverId, links: resourceLinks(at.publicUrl, at.tenantId, 'servers', image.serverId) };
}

function summaryJson(image: ImageRecord, at: ImageLinks) {
  return { id: image.id, links: linksOf(image, at), name: image.name };
}

function detailJson(image: ImageRecord, at: ImageLinks) {
  const server = serverOf(image, at);
  return {
    created: apiTime(image.created),
    id: image.id,
    links: linksOf(image, at),
    metadata: metadataJson(image.metadata),
    name: image.name,
    progress: image.progress,
    ...(server ? { server } : {}),
    status: image.status,
    updated: apiTime(image.updated),
  };
}

function summaryXml(image: ImageRecord, at: ImageLinks): XmlElement {
  return el('image', { id: image.id, name: image.name }, ...linksOf(image, at).map(atomLink));
}

function detailXml(image: ImageRecord, at: ImageLinks): XmlElement {
  const server = serverOf(image, at);
  const attrs = { created: apiTime(image.created), id: image.id, name: image.name, progress: image.progress, status: image.status, updated: apiTime(image.updated) };
  return el(
    'image',
    attrs,
    server && el('server', { id: server.id }, ...server.links.map(atomLink)),
    metadataXml(image.metadata),
    ...linksOf(image, at).map(atomLink),
  );
}

/** GET /images (detail = false) and /images/detail (detail = true). */
export function imagesView(images: ImageRecord[], at: ImageLinks, detail: boolean): Representation {
  const json = detail ? detailJson : summaryJson;
  const xml = detail ? detailXml : summaryXml;
  return represent({ images: images.map((i) => json(i, at)) }, () => el('images', {}, ...images.map((i) => xml(i, at))));
}

/** GET /images/{id}. */
export function imageView(image: ImageRecord, at: ImageLinks): Representation {
  return represent({ image: detailJson(image, at) }, () => detailXml(image, at));
}
