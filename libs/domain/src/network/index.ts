// IP address management arithmetic: addresses as integers, CIDR pools, where a search starts.
export * from './ipv4-address';
export * from './cidr-block';
export * from './address-candidate';
