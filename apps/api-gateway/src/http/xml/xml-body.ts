// Request bodies in XML become the same JSON-shaped object a JSON body gives, so that one
// DTO validates both. DTDs and entity declarations are refused outright (no XXE, no entity
// expansion), and nothing but the five predefined entities is decoded.

import { XMLParser, XMLValidator } from 'fast-xml-parser';

export class XmlBodyError extends Error {}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  preserveOrder: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

/**
 * `<keypair name="k"><public_key>ssh-rsa ...</public_key></keypair>` becomes
 * `{ keypair: { name: 'k', public_key: 'ssh-rsa ...' } }`. Repeated child elements become
 * arrays; `<metadata><meta key="a">1</meta></metadata>` becomes `{ metadata: { a: '1' } }`.
 */
export function parseXmlBody(xml: string): Record<string, unknown> {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new XmlBodyError('XML bodies may not declare a DTD or entities');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new XmlBodyError(`malformed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const roots = (parser.parse(xml) as OrderedNode[]).filter((n) => elementName(n) !== undefined);
  if (roots.length !== 1) throw new XmlBodyError('an XML body must have exactly one root element');
  const name = elementName(roots[0])!;
  return { [name]: convert(roots[0], name) };
}

function elementName(node: OrderedNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@' && k !== '#text');
}

function convert(node: OrderedNode, name: string): unknown {
  const children = (node[name] as OrderedNode[]) ?? [];
  const attrs = node[':@'] ?? {};
  const elements = children.filter((c) => elementName(c) !== undefined);
  const text = children.filter((c) => '#text' in c).map((c) => String(c['#text'])).join('');
  if (name === 'metadata' && elements.every((c) => elementName(c) === 'meta')) {
    return Object.fromEntries(elements.map((c) => [c[':@']?.key ?? '', textOf(c, 'meta')]));
  }
  if (name === 'meta' && attrs.key !== undefined && elements.length === 0) {
    return { [attrs.key]: text };
  }
  if (elements.length === 0 && Object.keys(attrs).length === 0) return text;
  const out: Record<string, unknown> = { ...attrs };
  for (const child of elements) {
    const childName = elementName(child)!;
    const value = convert(child, childName);
    if (childName in out) out[childName] = ([] as unknown[]).concat(out[childName], [value]);
    else out[childName] = value;
  }
  if (text && elements.length === 0) out['#text'] = text;
  return out;
}

function textOf(node: OrderedNode, name: string): string {
  return ((node[name] as OrderedNode[]) ?? []).filter((c) => '#text' in c).map((c) => String(c['#text'])).join('');
}
