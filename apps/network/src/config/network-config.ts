// The network app's own settings, from environment variables with working defaults, checked at
// start like the platform's (libs/platform load-config): a wrong value is a ConfigError whose
// message is one line naming the variable and what it expects.
//
// FIXED_IP_RANGE (default 10.0.0.0/16): the private pool, inside the spec's 10.0.0.0/8. Not
//   the whole /8 by default: 16.7 million addresses nobody will use, and the free-address
//   search costs in proportion to the addresses allocated, not the range; a /16 (65 533
//   servers) is ample for one stack and keeps the rest of 10/8 free for other networks.
// FLOATING_IP_RANGE (default 15.185.96.0/22): the public pool, inside the spec's 15.0.0.0/8
//   (HP Cloud's addresses were 15.185.x.x).
// Either pool hands out neither its network address, its gateway (.1) nor its broadcast address.

import { type CidrBlock, InvalidAddressError, isWithin, parseCidr } from '@app/domain';
import { ConfigError } from '@app/platform';

export const FIXED_IP_SPACE = '10.0.0.0/8';
export const FLOATING_IP_SPACE = '15.0.0.0/8';

export class NetworkConfig {
  constructor(
    readonly fixedRange: CidrBlock,
    readonly floatingRange: CidrBlock,
  ) {}
}

function range(env: NodeJS.ProcessEnv, name: string, fallback: string, space: string): CidrBlock | string {
  const raw = env[name] ?? fallback;
  try {
    const block = parseCidr(raw);
    if (!isWithin(block, parseCidr(space, { minPrefix: 8 }))) return `${name} must lie inside ${space}, got '${raw}'`;
    return block;
  } catch (error) {
    if (!(error instanceof InvalidAddressError)) throw error;
    return `${name} must be a CIDR block like ${fallback}: ${error.message}`;
  }
}

/** The network settings in `env` (process.env by default); throws ConfigError on a wrong value. */
export function loadNetworkConfig(env: NodeJS.ProcessEnv = process.env): NetworkConfig {
  const fixed = range(env, 'FIXED_IP_RANGE', '10.0.0.0/16', FIXED_IP_SPACE);
  const floating = range(env, 'FLOATING_IP_RANGE', '15.185.96.0/22', FLOATING_IP_SPACE);
  const problems = [fixed, floating].filter((value): value is string => typeof value === 'string');
  if (problems.length > 0) throw new ConfigError(`config: ${problems.join('; ')}`);
  return new NetworkConfig(fixed as CidrBlock, floating as CidrBlock);
}
