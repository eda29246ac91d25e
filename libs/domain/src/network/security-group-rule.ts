// What a security group rule may say (spec 4.4.22.1), checked and put in one canonical form:
// the protocol in lower case, ports as integers, a CIDR as `a.b.c.d/n`, or the id of the
// group traffic comes from. Clients send numbers or text (the spec's own example sends
// "80"); XML sends text. Nova: nova/api/openstack/compute/contrib/security_groups.py,
// `_rule_args_to_dict`, whose rules and wording this follows:
// - exactly one of cidr and group_id (a null or empty one counts as absent);
// - a CIDR rule needs ip_protocol, from_port and to_port;
// - a group rule may leave them all out (every protocol from that group), or give only the
//   protocol (then every port: tcp/udp 1-65535, icmp -1/-1);
// - tcp and udp: 1 <= from_port <= to_port <= 65535 (the spec's ">=" is a slip: DESIGN.md);
//   icmp: type and code each from -1 (any) to 255.

import { InvalidSecurityGroupError, type IpProtocol, type SecurityGroupRuleSpec } from '@app/contracts';
import { formatIpv4, InvalidAddressError, parseIpv4 } from './ipv4-address';

/** The rule fields of a request body, as the client sent them. */
export interface SecurityGroupRuleInput {
  ip_protocol?: unknown;
  from_port?: unknown;
  to_port?: unknown;
  cidr?: unknown;
  group_id?: unknown;
}

const PROTOCOLS: readonly IpProtocol[] = ['tcp', 'udp', 'icmp'];

const absent = (value: unknown): value is undefined | null | '' => value === undefined || value === null || value === '';

/** An integer given as a number or as decimal text; `field` names it in the refusal. */
export function integerField(value: unknown, field: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^\s*[+-]?\d{1,15}\s*$/.test(value)) return Number(value.trim());
  throw new InvalidSecurityGroupError(`${field} must be an integer, got ${JSON.stringify(value)}`);
}

/** A positive integer id given as a number or as decimal text. */
export function idField(value: unknown, field: string): number {
  const id = integerField(value, field);
  if (id < 1) throw new InvalidSecurityGroupError(`${field} must be a positive integer, got ${JSON.stringify(value)}`);
  return id;
}

/**
 * `a.b.c.d/n` with n from 0 to 32, in canonical form. Host bits may be set (`10.1.2.3/8`), as
 * Nova allowed; a percent-encoded slash (`0.0.0.0%2F0`) is decoded first, as Nova did.
 */
export function ruleCidr(value: unknown): string {
  if (typeof value !== 'string') throw new InvalidSecurityGroupError(`Invalid cidr ${JSON.stringify(value)}: cidr must be a string like 0.0.0.0/0`);
  let text = value.trim();
  try {
    if (text.includes('%')) text = decodeURIComponent(text);
  } catch {
    throw new InvalidSecurityGroupError(`Invalid cidr '${value}': cidr must be an IPv4 block like 0.0.0.0/0`);
  }
  const match = /^([0-9.]+)\/(\d{1,2})$/.exec(text);
  if (!match || Number(match[2]) > 32) throw new InvalidSecurityGroupError(`Invalid cidr '${value}': cidr must be an IPv4 block like 0.0.0.0/0`);
  try {
    return `${formatIpv4(parseIpv4(match[1]))}/${Number(match[2])}`;
  } catch (error) {
    if (error instanceof InvalidAddressError) throw new InvalidSecurityGroupError(`Invalid cidr '${value}': ${error.message}`);
    throw error;
  }
}

function protocolOf(value: unknown): IpProtocol {
  const protocol = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  if (!protocol || !PROTOCOLS.includes(protocol as IpProtocol)) {
    throw new InvalidSecurityGroupError(`Invalid IP protocol ${JSON.stringify(value)}: ip_protocol must be tcp, udp or icmp`);
  }
  return protocol as IpProtocol;
}

function checkPorts(protocol: IpProtocol, from: number, to: number): void {
  const range = `Invalid port range ${from}:${to} (from_port:to_port).`;
  if (protocol === 'icmp') {
    if (from < -1 || from > 255 || to < -1 || to > 255) throw new InvalidSecurityGroupError(`${range} For ICMP, the type:code must be valid: each from -1 to 255`);
    return;
  }
  if (from > to) throw new InvalidSecurityGroupError(`${range} Former value cannot be greater than the later`);
  if (from < 1 || to > 65535) throw new InvalidSecurityGroupError(`${range} Valid ${protocol.toUpperCase()} ports should be between 1-65535`);
}

/** Checks a rule's fields and answers them in canonical form; throws InvalidSecurityGroupError naming the field. */
export function normalizeSecurityGroupRule(input: SecurityGroupRuleInput): SecurityGroupRuleSpec {
  // 1. The source: exactly one of a CIDR and a group.
  const hasCidr = !absent(input.cidr);
  const hasGroup = !absent(input.group_id);
  if (hasCidr && hasGroup) throw new InvalidSecurityGroupError('Exactly one of cidr and group_id must be given, not both');
  if (!hasCidr && !hasGroup) throw new InvalidSecurityGroupError('Exactly one of cidr and group_id must be given');
  const cidr = hasCidr ? ruleCidr(input.cidr) : null;
  const groupId = hasGroup ? idField(input.group_id, 'group_id') : null;

  // 2. Protocol and ports.
  const hasFrom = !absent(input.from_port);
  const hasTo = !absent(input.to_port);
  if (absent(input.ip_protocol)) {
    if (hasFrom || hasTo) throw new InvalidSecurityGroupError('ip_protocol must be given with from_port and to_port');
    if (cidr !== null) throw new InvalidSecurityGroupError('Not enough parameters to build a valid rule: a cidr rule needs ip_protocol, from_port and to_port');
    return { ipProtocol: null, fromPort: null, toPort: null, cidr, groupId };
  }
  const ipProtocol = protocolOf(input.ip_protocol);
  if (!hasFrom && !hasTo && groupId !== null) {
    // A group rule naming only the protocol opens all of it (Nova did the same).
    return ipProtocol === 'icmp' ? { ipProtocol, fromPort: -1, toPort: -1, cidr, groupId } : { ipProtocol, fromPort: 1, toPort: 65535, cidr, groupId };
  }
  if (!hasFrom || !hasTo) throw new InvalidSecurityGroupError('Not enough parameters to build a valid rule: from_port and to_port must both be given with ip_protocol');
  const fromPort = integerField(input.from_port, 'from_port');
  const toPort = integerField(input.to_port, 'to_port');
  checkPorts(ipProtocol, fromPort, toPort);
  return { ipProtocol, fromPort, toPort, cidr, groupId };
}

/** Is `spec` already in canonical form (what normalizeSecurityGroupRule answers)? For the network app's own check. */
export function checkSecurityGroupRuleSpec(spec: SecurityGroupRuleSpec): SecurityGroupRuleSpec {
  const again = normalizeSecurityGroupRule({
    ip_protocol: spec.ipProtocol, from_port: spec.fromPort, to_port: spec.toPort, cidr: spec.cidr, group_id: spec.groupId,
  });
  const same = again.ipProtocol === spec.ipProtocol && again.fromPort === spec.fromPort && again.toPort === spec.toPort && again.cidr === spec.cidr && again.groupId === spec.groupId;
  if (!same) throw new InvalidSecurityGroupError(`the rule is not in canonical form: ${JSON.stringify(spec)}`);
  return spec;
}
