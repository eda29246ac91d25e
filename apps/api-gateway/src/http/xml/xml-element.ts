// XML responses are built as a small element tree by each resource's view, then rendered
// here, in one place, with fast-xml-parser's builder. Nova did the same with its
// xmlutil templates (nova/api/openstack/xmlutil.py).

import { XMLBuilder } from 'fast-xml-parser';

export const COMPUTE_NAMESPACE = 'http://docs.openstack.org/compute/api/v1.1';
export const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';

export type XmlAttributeValue = string | number | boolean | null | undefined;

export interface XmlElement {
  name: string;
  /** Attributes in order; null and undefined ones are left out. */
  attrs?: Record<string, XmlAttributeValue>;
  /** Child elements and text, in order. */
  children?: (XmlElement | string)[];
}

/** `el('flavor', { id: 1 }, child, 'text')`. */
export function el(name: string, attrs?: Record<string, XmlAttributeValue>, ...children: (XmlElement | string | undefined | null | false)[]): XmlElement {
  return { name, attrs, children: children.filter((c): c is XmlElement | string => c !== undefined && c !== null && c !== false) };
}

/** An `<atom:link rel href [type]/>`. */
export function atomLink(link: { rel: string; href: string; type?: string }): XmlElement {
  return el('atom:link', { href: link.href, rel: link.rel, type: link.type });
}

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: true,
  processEntities: true,
});

type Ordered = Record<string, unknown>;

function toOrdered(node: XmlElement | string): Ordered {
  if (typeof node === 'string') return { '#text': node };
  const out: Ordered = { [node.name]: (node.children ?? []).map(toOrdered) };
  const attrs = Object.entries(node.attrs ?? {}).filter(([, v]) => v !== undefined && v !== null);
  if (attrs.length > 0) out[':@'] = Object.fromEntries(attrs.map(([k, v]) => [`@_${k}`, String(v)]));
  return out;
}

/**
 * The document for a root element, with the compute namespace (and the Atom one) declared on
 * it, as the spec's examples do.
 */
export function renderXml(root: XmlElement, options: { atom?: boolean; namespace?: string } = {}): string {
  const attrs: Record<string, XmlAttributeValue> = { ...root.attrs, xmlns: options.namespace ?? COMPUTE_NAMESPACE };
  if (options.atom ?? true) attrs['xmlns:atom'] = ATOM_NAMESPACE;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build([toOrdered({ ...root, attrs })])}`;
}
