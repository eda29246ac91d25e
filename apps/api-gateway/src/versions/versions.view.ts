// The API version documents (spec 4.4.1): v1.1 is the one version, CURRENT.

import { represent, type Representation } from '../http/representation';
import { atomLink, el } from '../http/xml/xml-element';

const V1_1 = {
  id: 'v1.1',
  status: 'CURRENT',
  updated: '2011-01-21T11:33:21Z',
  mediaTypes: [
    { base: 'application/xml', type: 'application/vnd.openstack.compute-v1.1+xml' },
    { base: 'application/json', type: 'application/vnd.openstack.compute-v1.1+json' },
  ],
  describedBy: [
    { href: 'http://docs.rackspacecloud.com/servers/api/v1.1/cs-devguide-20110125.pdf', rel: 'describedby', type: 'application/pdf' },
    { href: 'http://docs.rackspacecloud.com/servers/api/v1.1/application.wadl', rel: 'describedby', type: 'application/vnd.sun.wadl+xml' },
  ],
};

/** GET /v1.1: the version document, exactly the spec's example but for the host. */
export function versionView(publicUrl: string): Representation {
  const links = [{ href: `${publicUrl}/v1.1/`, rel: 'self' }, ...V1_1.describedBy];
  return represent(
    { version: { id: V1_1.id, links, 'media-types': V1_1.mediaTypes, status: V1_1.status, updated: V1_1.updated } },
    () =>
      el(
        'version',
        { id: V1_1.id, status: V1_1.status, updated: V1_1.updated },
        el('media-types', {}, ...V1_1.mediaTypes.map((m) => el('media-type', { base: m.base, type: m.type }))),
        ...links.map(atomLink),
      ),
  );
}

/** GET /: the versions this endpoint serves. */
export function versionsView(publicUrl: string): Representation {
  const links = [{ href: `${publicUrl}/v1.1/`, rel: 'self' }];
  return represent(
    { versions: [{ id: V1_1.id, status: V1_1.status, updated: V1_1.updated, links }] },
    () => el('versions', {}, el('version', { id: V1_1.id, status: V1_1.status, updated: V1_1.updated }, ...links.map(atomLink))),
  );
}
