// The network domain: IPAM arithmetic (addresses as integers, CIDR pools, where a search starts)
// and what a security group and its rules may say.
export * from './ipv4-address';
export * from './cidr-block';
export * from './address-candidate';
export * from './security-group';
export * from './security-group-rule';
