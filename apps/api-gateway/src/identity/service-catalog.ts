// The service catalog a token answer carries (spec 3.3): one Compute service whose endpoint's
// publicURL is this gateway's /v1.1/{tenant_id}, so a client needs nothing but credentials.

export interface CatalogEndpoint {
  publicURL: string;
  region: string;
  tenantId: string;
  versionId: string;
  versionInfo: string;
  versionList: string;
}

export interface CatalogService {
  name: string;
  type: string;
  endpoints: CatalogEndpoint[];
}

export function serviceCatalog(publicUrl: string, region: string, tenantId: string): CatalogService[] {
  return [
    {
      name: 'Compute',
      type: 'compute',
      endpoints: [
        {
          publicURL: `${publicUrl}/v1.1/${tenantId}`,
          region,
          tenantId,
          versionId: '1.1',
          versionInfo: `${publicUrl}/v1.1/`,
          versionList: publicUrl,
        },
      ],
    },
  ];
}
