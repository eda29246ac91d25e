// The resources a tenant's quota limits, by Nova's quota names, and the absolute-limit names
// the API shows for them (spec 3.8 and 4.4.4). Nova: nova/quota.py

export const QuotaResource = {
  Instances: 'instances',
  Cores: 'cores',
  Ram: 'ram',
  FloatingIps: 'floating_ips',
  MetadataItems: 'metadata_items',
  ImageMetadataItems: 'image_metadata_items',
  InjectedFiles: 'injected_files',
  InjectedFileContentBytes: 'injected_file_content_bytes',
  SecurityGroups: 'security_groups',
  SecurityGroupRules: 'security_group_rules',
} as const;
export type QuotaResource = (typeof QuotaResource)[keyof typeof QuotaResource];

/** Resources whose usage is counted and reserved; the others are per-request caps. */
export const COUNTED_RESOURCES: readonly QuotaResource[] = ['instances', 'cores', 'ram', 'floating_ips', 'security_groups', 'security_group_rules'];

/** The absolute limit each resource appears as in GET /limits. */
export const ABSOLUTE_LIMIT_NAMES: Record<QuotaResource, string> = {
  instances: 'maxTotalInstances',
  cores: 'maxTotalCores',
  ram: 'maxTotalRAMSize',
  floating_ips: 'maxTotalFloatingIps',
  metadata_items: 'maxServerMeta',
  image_metadata_items: 'maxImageMeta',
  injected_files: 'maxPersonality',
  injected_file_content_bytes: 'maxPersonalitySize',
  security_groups: 'maxSecurityGroups',
  security_group_rules: 'maxSecurityGroupRules',
};

export type QuotaLimits = Record<QuotaResource, number>;
export type QuotaDeltas = Partial<Record<QuotaResource, number>>;
