// The service catalog a token answer carries (spec 3.3): one Compute service whose endpoint's
// publicURL is this gateway's /v1.1/{tenant_id}, so a client needs nothing but credentials.
// An administrator's token also lists the Behaviours service (the fault-injection control API,
// docs/behaviours.md) at the same base: its resources are /os-behaviours below it.

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

export function serviceCatalog(publicUrl: string, region: string, tenantId: string, options: { admin?: boolean } = {}): CatalogService[] {
  const endpoint: CatalogEndpoint = {
    publicURL: `${publicUrl}/v1.1/${tenantId}`,
    region,
    tenantId,
    versionId: '1.1',
    versionInfo: `${publicUrl}/v1.1/`,
    versionList: publicUrl,
  };
  const catalog: CatalogService[] = [{ name: 'Compute', type: 'compute', endpoints: [endpoint] }];
  if (options.admin) catalog.push({ name: 'Behaviours', type: 'behaviours', endpoints: [{ ...endpoint }] });
  return catalog;
}
