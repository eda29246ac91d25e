// Links to resources (spec 3.5): `self` is the versioned URL, `bookmark` the unversioned
// one, both built from the configured public URL.

export interface Link {
  rel: string;
  href: string;
  type?: string;
}

export function resourceLinks(publicUrl: string, tenantId: string, collection: string, id: string | number): Link[] {
  return [
    { rel: 'self', href: `${publicUrl}/v1.1/${tenantId}/${collection}/${id}` },
    { rel: 'bookmark', href: `${publicUrl}/${tenantId}/${collection}/${id}` },
  ];
}

export function bookmarkLink(publicUrl: string, tenantId: string, collection: string, id: string | number): Link {
  return { rel: 'bookmark', href: `${publicUrl}/${tenantId}/${collection}/${id}` };
}
