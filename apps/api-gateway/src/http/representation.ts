// What a controller returns: the JSON body and the XML element tree of one answer, built
// by the resource's view from the same data. The interceptor picks the one the client asked for.

import type { XmlElement } from './xml/xml-element';

export class Representation {
  constructor(
    readonly json: unknown,
    readonly xml: () => XmlElement,
    /** Declare xmlns:atom on the root (the default; the spec's fault examples do not). */
    readonly atom = true,
    /** The root's namespace when not the compute API's (identity answers). */
    readonly namespace?: string,
  ) {}
}

export function represent(json: unknown, xml: () => XmlElement, options: { atom?: boolean; namespace?: string } = {}): Representation {
  return new Representation(json, xml, options.atom ?? true, options.namespace);
}
