// Image metadata in the spec's shapes (4.4.12, 4.4.13): `{"metadata": {...}}` and
// `<metadata><meta key="k">v</meta></metadata>`, one item as `{"meta": {"k": "v"}}` and
// `<meta key="k">v</meta>`, keys in order. In XML a null value reads `None` and a number its
// digits, as the spec's List Images Detail example shows them.

import type { ImageMetadata, ImageMetadataValue } from '@app/domain/image';
import { represent, type Representation } from '../http/representation';
import { el, type XmlElement } from '../http/xml/xml-element';

const sortedKeys = (metadata: ImageMetadata) => Object.keys(metadata).sort();

const xmlText = (value: ImageMetadataValue) => (value === null ? 'None' : String(value));

export function metadataJson(metadata: ImageMetadata): ImageMetadata {
  return Object.fromEntries(sortedKeys(metadata).map((k) => [k, metadata[k]]));
}

export function metaXml(key: string, value: ImageMetadataValue): XmlElement {
  return el('meta', { key }, xmlText(value));
}

export function metadataXml(metadata: ImageMetadata): XmlElement {
  return el('metadata', {}, ...sortedKeys(metadata).map((k) => metaXml(k, metadata[k])));
}

/** GET, POST and PUT .../metadata. */
export function metadataView(metadata: ImageMetadata): Representation {
  return represent({ metadata: metadataJson(metadata) }, () => metadataXml(metadata), { atom: false });
}

/** GET and PUT .../metadata/{key}. */
export function metaView(key: string, value: ImageMetadataValue): Representation {
  return represent({ meta: { [key]: value } }, () => metaXml(key, value), { atom: false });
}
