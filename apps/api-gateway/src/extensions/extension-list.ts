// The five extensions HP Cloud Compute supports (spec 3.10), as its List Extensions example
// gives them. The security groups alias is `security_groups` while its resources live under
// /os-security-groups (docs/decisions/0005-extension-aliases.md). Then Nova's os-instance-actions (each server's audit trail) and os-quota-sets,
// the administrators' quota API, as Nova describes it (docs/api/limits.md). Last, this stack's
// own os-behaviours: the administrators' fault-injection control API (docs/behaviours.md).

export interface Extension {
  alias: string;
  description: string;
  name: string;
  namespace: string;
  updated: string;
}

export const EXTENSIONS: readonly Extension[] = [
  { alias: 'os-keypairs', description: 'Keypair Support', name: 'Keypairs', namespace: 'http://docs.openstack.org/ext/keypairs/api/v1.1', updated: '2011-08-08T00:00:00+00:00' },
  { alias: 'os-volumes', description: 'Volumes support', name: 'Volumes', namespace: 'http://docs.openstack.org/ext/volumes/api/v1.1', updated: '2011-03-25T00:00:00+00:00' },
  {
    alias: 'os-console-output',
    description: 'Console log output support, with tailing ability.',
    name: 'Console_output',
    namespace: 'http://docs.openstack.org/compute/ext/os-console-output/api/v1.1',
    updated: '2011-12-08T00:00:00+00:00',
  },
  { alias: 'security_groups', description: 'Security group support', name: 'SecurityGroups', namespace: 'http://docs.openstack.org/ext/securitygroups/api/v1.1', updated: '2011-07-21T00:00:00+00:00' },
  { alias: 'os-floating-ips', description: 'Floating IPs support', name: 'Floating_ips', namespace: 'http://docs.openstack.org/ext/floating_ips/api/v1.1', updated: '2011-06-16T00:00:00+00:00' },
  {
    alias: 'os-instance-actions',
    description: 'View a log of actions and events taken on an instance.',
    name: 'InstanceActions',
    namespace: 'http://docs.openstack.org/compute/ext/instance-actions/api/v1.1',
    updated: '2013-02-08T00:00:00+00:00',
  },
  { alias: 'os-quota-sets', description: 'Quotas management support', name: 'Quotas', namespace: 'http://docs.openstack.org/compute/ext/quotas-sets/api/v1.1', updated: '2011-08-08T00:00:00+00:00' },
  {
    alias: 'os-behaviours',
    description: 'Fault and delay injection for load and chaos testing (administrators only).',
    name: 'Behaviours',
    namespace: 'http://docs.openstack.org/compute/ext/behaviours/api/v1.1',
    updated: '2025-01-01T00:00:00+00:00',
  },
];
